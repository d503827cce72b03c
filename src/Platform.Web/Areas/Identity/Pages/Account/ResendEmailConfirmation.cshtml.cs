using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Platform.Web.Features.Account;
using Platform.Web.Infrastructure.Data;
using Platform.Web.Infrastructure.Security;

namespace Platform.Web.Areas.Identity.Pages.Account;

[AllowAnonymous]
[EnableRateLimiting(RateLimits.SignIn)]
public sealed class ResendEmailConfirmationModel(UserManager<User> users, PlatformDbContext db, AccountMail mail) : PageModel
{
    public const string Sent = "확인이 필요한 계정이면 확인 메일을 보냈어요. 메일함을 확인해 주세요.";

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "이메일을 입력해 주세요.")]
        [EmailAddress(ErrorMessage = "이메일 주소 형식이 올바르지 않아요.")]
        public string Email { get; set; } = "";
    }

    public void OnGet()
    {
        if (User.Identity?.IsAuthenticated == true)
        {
            Input.Email = User.Identity.Name ?? "";
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }
        // The same answer whether or not the address has an account.
        var user = await users.FindByEmailAsync(Input.Email.Trim());
        if (user is { EmailConfirmed: false, IsDeleted: false })
        {
            await mail.QueueConfirmationAsync(user);
            await db.SaveChangesAsync(ct);
        }
        StatusMessage = Sent;
        return RedirectToPage();
    }
}
