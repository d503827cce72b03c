using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Platform.Web.Features.Account;
using Platform.Web.Infrastructure.Data;

namespace Platform.Web.Areas.Identity.Pages.Account.Manage;

[Authorize]
public sealed class EmailModel(UserManager<User> users, PlatformDbContext db, AccountMail mail) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public string CurrentEmail { get; private set; } = "";

    public bool Confirmed { get; private set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "새 이메일 주소를 입력해 주세요.")]
        [EmailAddress(ErrorMessage = "이메일 주소 형식이 올바르지 않아요.")]
        [StringLength(256, ErrorMessage = "이메일 주소가 너무 길어요.")]
        public string NewEmail { get; set; } = "";
    }

    public const string TooOften = "메일을 너무 자주 요청했어요. 한 시간쯤 뒤에 다시 시도해 주세요.";

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        Show(user);
        return Page();
    }

    public async Task<IActionResult> OnPostChangeAsync(CancellationToken ct)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        Show(user);
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var newEmail = Input.NewEmail.Trim();
        if (string.Equals(newEmail, user.Email, StringComparison.OrdinalIgnoreCase))
        {
            ModelState.AddModelError("Input.NewEmail", "지금 쓰는 주소와 같아요.");
            return Page();
        }
        // The same answer whether or not the address has an account, so the form does not tell who
        // is registered; a taken address gets no mail (confirming the change could not succeed).
        if (!await mail.WithinLimitsAsync(user, newEmail, ct))
        {
            ModelState.AddModelError("Input.NewEmail", TooOften);
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return Page();
        }
        if (await users.FindByEmailAsync(newEmail) is null)
        {
            await mail.QueueEmailChangeAsync(user, newEmail);
            await db.SaveChangesAsync(ct);
        }
        StatusMessage = "새 주소로 확인 메일을 보냈어요. 메일의 링크를 누르면 주소가 바뀌어요.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostResendAsync(CancellationToken ct)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        if (!user.EmailConfirmed && !await mail.QueueConfirmationAsync(user))
        {
            StatusMessage = TooOften;
            return RedirectToPage();
        }
        await db.SaveChangesAsync(ct);
        StatusMessage = "확인 메일을 보냈어요. 메일함을 확인해 주세요.";
        return RedirectToPage();
    }

    private void Show(User user)
    {
        CurrentEmail = user.Email ?? "";
        Confirmed = user.EmailConfirmed;
    }
}
