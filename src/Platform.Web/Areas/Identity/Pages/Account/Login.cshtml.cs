using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Platform.Web.Features.Account;
using Platform.Web.Infrastructure.Security;

namespace Platform.Web.Areas.Identity.Pages.Account;

[AllowAnonymous]
[EnableRateLimiting(RateLimits.SignIn)]
public sealed class LoginModel(SignInManager<User> signIn, UserManager<User> users, TimeProvider clock, IStringLocalizer<AccountText> text) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public string ReturnUrl { get; private set; } = "/";

    [TempData]
    public string? StatusMessage { get; set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Validation.EmailRequired")]
        [EmailAddress(ErrorMessage = "Validation.EmailFormat")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Validation.PasswordRequired")]
        [DataType(DataType.Password)]
        public string Password { get; set; } = "";

        public bool RememberMe { get; set; }
    }

    public void OnGet(string? returnUrl) => ReturnUrl = Url.Safe(returnUrl);

    public async Task<IActionResult> OnPostAsync(string? returnUrl)
    {
        ReturnUrl = Url.Safe(returnUrl);
        if (!ModelState.IsValid)
        {
            return Page();
        }
        // Lockout counts failures: five in a row lock the account for five minutes.
        var result = await signIn.PasswordSignInAsync(Input.Email.Trim(), Input.Password, Input.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return LocalRedirect(ReturnUrl);
        }
        if (result.IsLockedOut)
        {
            return RedirectToPage("./Lockout");
        }
        // Identity refuses a blocked account before looking at the password: the reason is shown
        // only to someone who knows it.
        if (result.IsNotAllowed && await users.FindByEmailAsync(Input.Email.Trim()) is { } user
            && Blocks.IsBlocked(user, clock.GetUtcNow()) && await users.CheckPasswordAsync(user, Input.Password))
        {
            ModelState.AddModelError(string.Empty, Blocks.Explain(user));
            return Page();
        }
        ModelState.AddModelError(string.Empty, text["Id.Error.WrongLogin"]);
        return Page();
    }
}
