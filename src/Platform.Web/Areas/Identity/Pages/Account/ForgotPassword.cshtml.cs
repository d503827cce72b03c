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
public sealed class ForgotPasswordModel(UserManager<User> users, PlatformDbContext db, AccountMail mail) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Validation.EmailRequired")]
        [EmailAddress(ErrorMessage = "Validation.EmailFormat")]
        public string Email { get; set; } = "";
    }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }
        // Unknown addresses get the same answer, so the form does not tell who has an account.
        // Unconfirmed accounts get the mail too: following its link proves the address.
        var user = await users.FindByEmailAsync(Input.Email.Trim());
        if (user is { IsDeleted: false })
        {
            await mail.QueuePasswordResetAsync(user);
            await db.SaveChangesAsync(ct);
        }
        return RedirectToPage("./ForgotPasswordConfirmation");
    }
}
