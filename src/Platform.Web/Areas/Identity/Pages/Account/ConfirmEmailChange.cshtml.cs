using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Platform.Web.Features.Account;
using Platform.Web.Infrastructure.Data;

namespace Platform.Web.Areas.Identity.Pages.Account;

[AllowAnonymous]
public sealed class ConfirmEmailChangeModel(
    UserManager<User> users, SignInManager<User> signIn, AdminRoles admins, PlatformDbContext db) : PageModel
{
    public bool Changed { get; private set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? userId, string? email, string? code, CancellationToken ct)
    {
        var token = AccountMail.Decode(code);
        var user = string.IsNullOrEmpty(userId) ? null : await users.FindByIdAsync(userId);
        if (user is null || user.IsDeleted || token is null || string.IsNullOrEmpty(email))
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        // The address is also the user name: both change together or not at all.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var result = await users.ChangeEmailAsync(user, email, token);
        if (result.Succeeded)
        {
            result = await users.SetUserNameAsync(user, email);
        }
        if (!result.Succeeded)
        {
            Error = result.Errors.First().Description;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        await transaction.CommitAsync(ct);
        if (await admins.ClaimConfiguredAddressAsync(user) is { } reset)
        {
            // The account's password was set by whoever asked for the change, not by this address's owner.
            await signIn.SignOutAsync();
            return RedirectToPage("./ResetPassword", new { email = user.Email, code = AccountMail.Encode(reset), claimed = true });
        }
        if (User.UserId() == user.Id)
        {
            await signIn.RefreshSignInAsync(user);
        }
        Changed = true;
        return Page();
    }
}
