using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Platform.Web.Features.Account;

namespace Platform.Web.Areas.Identity.Pages.Account;

[AllowAnonymous]
public sealed class ConfirmEmailModel(UserManager<User> users, SignInManager<User> signIn, AdminRoles admins) : PageModel
{
    public bool Confirmed { get; private set; }

    public async Task OnGetAsync(string? userId, string? code)
    {
        var token = AccountMail.Decode(code);
        var user = string.IsNullOrEmpty(userId) ? null : await users.FindByIdAsync(userId);
        if (user is null || user.IsDeleted || token is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        if (!user.EmailConfirmed)
        {
            var result = await users.ConfirmEmailAsync(user, token);
            if (!result.Succeeded)
            {
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }
            await admins.PromoteIfConfiguredAsync(user);
            if (User.UserId() == user.Id)
            {
                // The reminder in the layout comes from the cookie's claims.
                await signIn.RefreshSignInAsync(user);
            }
        }
        Confirmed = true;
    }
}
