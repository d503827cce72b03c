using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Platform.Web.Features.Account;
using Platform.Web.Infrastructure.Security;

namespace Platform.Web.Areas.Identity.Pages.Account.Manage;

[Authorize]
public sealed class IndexModel(UserManager<User> users, SignInManager<User> signIn) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "표시 이름을 입력해 주세요.")]
        [StringLength(50, ErrorMessage = "표시 이름은 50자 이하여야 해요.")]
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
            ModelState.AddModelError("Input.DisplayName", "표시 이름을 입력해 주세요.");
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
        StatusMessage = "표시 이름을 바꿨어요.";
        return RedirectToPage();
    }
}
