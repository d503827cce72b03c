using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Platform.Web.Features.Account;

namespace Platform.Web.Areas.Identity.Pages.Account;

[AllowAnonymous]
public sealed class LogoutModel(SignInManager<User> signIn) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(string? returnUrl)
    {
        await signIn.SignOutAsync();
        return LocalRedirect(Url.Safe(returnUrl));
    }
}
