using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Platform.Web.Features.Account;
using Platform.Web.Infrastructure.Data;

namespace Platform.Web.Areas.Identity.Pages.Account.Manage;

[Authorize]
public sealed class EmailModel(UserManager<User> users, PlatformDbContext db, AccountMail mail, IStringLocalizer<AccountText> text) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public string CurrentEmail { get; private set; } = "";

    public bool Confirmed { get; private set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Validation.NewEmailRequired")]
        [EmailAddress(ErrorMessage = "Validation.EmailFormat")]
        [StringLength(256, ErrorMessage = "Validation.EmailTooLong")]
        public string NewEmail { get; set; } = "";
    }

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
            ModelState.AddModelError("Input.NewEmail", text["Id.Error.SameEmail"]);
            return Page();
        }
        // The same answer whether or not the address has an account, so the form does not tell who
        // is registered; a taken address gets no mail (confirming the change could not succeed).
        if (!await mail.WithinLimitsAsync(user, newEmail, ct))
        {
            ModelState.AddModelError("Input.NewEmail", text["Id.Error.TooOften"]);
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return Page();
        }
        if (await users.FindByEmailAsync(newEmail) is null)
        {
            await mail.QueueEmailChangeAsync(user, newEmail);
            await db.SaveChangesAsync(ct);
        }
        StatusMessage = text["Id.Status.ChangeMailSent"];
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
            StatusMessage = text["Id.Error.TooOften"];
            return RedirectToPage();
        }
        await db.SaveChangesAsync(ct);
        StatusMessage = text["Id.Status.ConfirmMailSent"];
        return RedirectToPage();
    }

    private void Show(User user)
    {
        CurrentEmail = user.Email ?? "";
        Confirmed = user.EmailConfirmed;
    }
}
