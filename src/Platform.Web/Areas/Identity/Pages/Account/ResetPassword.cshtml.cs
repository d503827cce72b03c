using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Platform.Web.Features.Account;

namespace Platform.Web.Areas.Identity.Pages.Account;

[AllowAnonymous]
public sealed class ResetPasswordModel(UserManager<User> users, AdminRoles admins) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        [Required(ErrorMessage = "이메일을 입력해 주세요.")]
        [EmailAddress(ErrorMessage = "이메일 주소 형식이 올바르지 않아요.")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "새 비밀번호를 입력해 주세요.")]
        [NewPassword]
        [DataType(DataType.Password)]
        public string Password { get; set; } = "";

        [DataType(DataType.Password)]
        [Compare(nameof(Password), ErrorMessage = "비밀번호 확인이 일치하지 않아요.")]
        public string ConfirmPassword { get; set; } = "";

        [Required(ErrorMessage = "재설정 링크가 올바르지 않아요. 메일의 링크로 다시 열어 주세요.")]
        public string Code { get; set; } = "";
    }

    /// Arrived from confirming a configured admin address: the page explains why a password is asked.
    public bool Claimed { get; private set; }

    public IActionResult OnGet(string? code, string? email, bool claimed = false)
    {
        Claimed = claimed;
        if (string.IsNullOrEmpty(code))
        {
            return BadRequest("재설정 링크가 올바르지 않아요. 메일의 링크로 다시 열어 주세요.");
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
