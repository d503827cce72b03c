using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Platform.Web.Features.Account;

namespace Platform.Web.Areas.Identity.Pages.Account;

[AllowAnonymous]
public sealed class ConfirmEmailModel(UserManager<User> users, SignInManager<User> signIn, AdminRoles admins) : PageModel
{
    public bool Confirmed { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? userId, string? code)
    {
        var token = AccountMail.Decode(code);
        var user = string.IsNullOrEmpty(userId) ? null : await users.FindByIdAsync(userId);
        if (user is null || user.IsDeleted || token is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        if (!user.EmailConfirmed)
        {
            var result = await users.ConfirmEmailAsync(user, token);
            if (!result.Succeeded)
            {
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            }
            if (await admins.ClaimConfiguredAddressAsync(user) is { } reset)
            {
                // A configured admin address: the owner sets the password now (see AdminRoles).
                await signIn.SignOutAsync();
                return RedirectToPage("./ResetPassword", new { email = user.Email, code = AccountMail.Encode(reset), claimed = true });
            }
            if (User.UserId() == user.Id)
            {
                // The reminder in the layout comes from the cookie's claims.
                await signIn.RefreshSignInAsync(user);
            }
        }
        Confirmed = true;
        return Page();
    }
}
