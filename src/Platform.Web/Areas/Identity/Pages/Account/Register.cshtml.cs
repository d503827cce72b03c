using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Platform.Web.Features.Account;
using Platform.Web.Infrastructure.Data;
using Platform.Web.Infrastructure.Localization;
using Platform.Web.Infrastructure.Security;

namespace Platform.Web.Areas.Identity.Pages.Account;

[AllowAnonymous]
[EnableRateLimiting(RateLimits.SignIn)]
public sealed class RegisterModel(
    UserManager<User> users, SignInManager<User> signIn, PlatformDbContext db, AccountMail mail, TimeProvider clock, IStringLocalizer<AccountText> text) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public string ReturnUrl { get; private set; } = "/";

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Validation.EmailRequired")]
        [EmailAddress(ErrorMessage = "Validation.EmailFormat")]
        [StringLength(256, ErrorMessage = "Validation.EmailTooLong")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Validation.DisplayNameRequired")]
        [StringLength(50, ErrorMessage = "Validation.DisplayNameTooLong")]
        [SingleLine]
        public string DisplayName { get; set; } = "";

        [Required(ErrorMessage = "Validation.PasswordRequired")]
        [NewPassword]
        [DataType(DataType.Password)]
        public string Password { get; set; } = "";

        [DataType(DataType.Password)]
        [Compare(nameof(Password), ErrorMessage = "Validation.PasswordMismatch")]
        public string ConfirmPassword { get; set; } = "";
    }

    public void OnGet(string? returnUrl) => ReturnUrl = Url.Safe(returnUrl);

    public async Task<IActionResult> OnPostAsync(string? returnUrl, CancellationToken ct)
    {
        ReturnUrl = Url.Safe(returnUrl);
        Input.DisplayName = Input.DisplayName.Trim();
        if (Input.DisplayName.Length == 0)
        {
            ModelState.AddModelError("Input.DisplayName", text["Id.Error.DisplayNameRequired"]);
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var email = Input.Email.Trim();
        var user = new User
        {
            UserName = email, Email = email, DisplayName = Input.DisplayName, CreatedAt = clock.GetUtcNow(),
            // Mail goes out in the language the learner registered in (changeable on /me).
            Language = Languages.Current,
        };
        // The account and its confirmation mail commit together, or neither does.
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            IdentityResult created;
            try
            {
                created = await users.CreateAsync(user, Input.Password);
            }
            catch (DbUpdateException)
            {
                // Two registrations of one address at once: the unique index decided.
                created = IdentityResult.Failed(users.ErrorDescriber.DuplicateEmail(email));
            }
            if (!created.Succeeded)
            {
                foreach (var description in created.Errors.Select(e => e.Description).Distinct())
                {
                    ModelState.AddModelError(string.Empty, description);
                }
                return Page();
            }
            await mail.QueueConfirmationAsync(user);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }

        // A configured admin address waits for its confirmation (see AdminRoles); everyone else reads on at once.
        if (await signIn.CanSignInAsync(user))
        {
            await signIn.SignInAsync(user, isPersistent: false);
        }
        return RedirectToPage("./RegisterConfirmation", new { returnUrl = ReturnUrl });
    }
}
