using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Platform.Web.Features.Account;

namespace Platform.Web.Areas.Identity.Pages.Account;

[AllowAnonymous]
public sealed class ResetPasswordModel(UserManager<User> users, AdminRoles admins, IStringLocalizer<AccountText> text) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Validation.EmailRequired")]
        [EmailAddress(ErrorMessage = "Validation.EmailFormat")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Validation.NewPasswordRequired")]
        [NewPassword]
        [DataType(DataType.Password)]
        public string Password { get; set; } = "";

        [DataType(DataType.Password)]
        [Compare(nameof(Password), ErrorMessage = "Validation.PasswordMismatch")]
        public string ConfirmPassword { get; set; } = "";

        [Required(ErrorMessage = "Validation.ResetCodeRequired")]
        public string Code { get; set; } = "";
    }

    /// Arrived from confirming a configured admin address: the page explains why a password is asked.
    public bool Claimed { get; private set; }

    public IActionResult OnGet(string? code, string? email, bool claimed = false)
    {
        Claimed = claimed;
        if (string.IsNullOrEmpty(code))
        {
            return BadRequest(text["Id.Error.ResetLink"].Value);
        }
        Input.Code = code;
        Input.Email = email ?? "";
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var user = await users.FindByEmailAsync(Input.Email.Trim());
        if (user is null || user.IsDeleted)
        {
            // Do not reveal whether the address has an account.
            return RedirectToPage("./ResetPasswordConfirmation");
        }
        var token = AccountMail.Decode(Input.Code);
        var result = token is null
            ? IdentityResult.Failed(users.ErrorDescriber.InvalidToken())
            : await users.ResetPasswordAsync(user, token, Input.Password);
        if (!result.Succeeded)
        {
            foreach (var description in result.Errors.Select(e => e.Description).Distinct())
            {
                ModelState.AddModelError(string.Empty, description);
            }
            return Page();
        }
        // The link reached this address's inbox: that confirms it, and ends a lockout.
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        if (!user.EmailConfirmed)
        {
            user.EmailConfirmed = true;
            await users.UpdateAsync(user);
            await admins.PromoteIfConfiguredAsync(user);
        }
        return RedirectToPage("./ResetPasswordConfirmation");
    }
}
