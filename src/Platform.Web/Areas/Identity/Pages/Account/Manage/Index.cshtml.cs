using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Platform.Web.Features.Account;
using Platform.Web.Infrastructure.Security;

namespace Platform.Web.Areas.Identity.Pages.Account.Manage;

[Authorize]
public sealed class IndexModel(UserManager<User> users, SignInManager<User> signIn, IStringLocalizer<AccountText> text) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Validation.DisplayNameRequired")]
        [StringLength(50, ErrorMessage = "Validation.DisplayNameTooLong")]
        [SingleLine]
        public string DisplayName { get; set; } = "";
    }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        Input.DisplayName = user.DisplayName;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        Input.DisplayName = Input.DisplayName.Trim();
        if (!ModelState.IsValid || Input.DisplayName.Length == 0)
        {
            ModelState.AddModelError("Input.DisplayName", text["Id.Error.DisplayNameRequired"]);
            return Page();
        }
        user.DisplayName = Input.DisplayName;
        var result = await users.UpdateAsync(user);
        if (!result.Succeeded)
        {
            ModelState.AddModelError(string.Empty, result.Errors.First().Description);
            return Page();
        }
        await signIn.RefreshSignInAsync(user);
        StatusMessage = text["Id.Status.DisplayNameChanged"];
        return RedirectToPage();
    }
}
