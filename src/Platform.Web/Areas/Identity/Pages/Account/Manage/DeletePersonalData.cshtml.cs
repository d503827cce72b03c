using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Platform.Web.Features.Account;
using Platform.Web.Features.Mail;
using Platform.Web.Infrastructure.Caching;
using Platform.Web.Infrastructure.Data;

namespace Platform.Web.Areas.Identity.Pages.Account.Manage;

[Authorize]
public sealed class DeletePersonalDataModel(
    UserManager<User> users,
    SignInManager<User> signIn,
    PlatformDbContext db,
    TimeProvider clock,
    IEnumerable<IPersonalDataEraser> erasers, IStringLocalizer<AccountText> text, PageCacheEviction pageCache) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Validation.PasswordRequired")]
        [DataType(DataType.Password)]
        public string Password { get; set; } = "";
    }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        if (!await users.CheckPasswordAsync(user, Input.Password))
        {
            ModelState.AddModelError(string.Empty, text["Id.Error.WrongPassword"]);
            return Page();
        }

        // The row is anonymized, not deleted: rows of other features (comments) keep pointing at
        // it and show User.DeletedDisplayName. Everything that identifies the person or lets
        // anyone sign in as them goes; every mail row for the address too, sent or queued.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var address = user.Email;
        await db.UserRoles.Where(r => r.UserId == user.Id).ExecuteDeleteAsync(ct);
        await db.UserClaims.Where(c => c.UserId == user.Id).ExecuteDeleteAsync(ct);
        await db.UserLogins.Where(l => l.UserId == user.Id).ExecuteDeleteAsync(ct);
        await db.UserTokens.Where(t => t.UserId == user.Id).ExecuteDeleteAsync(ct);
        foreach (var eraser in erasers)
        {
            await eraser.EraseAsync(db, user.Id, ct);
        }
        if (address is not null)
        {
            await db.Set<OutboxMessage>()
                .Where(m => m.To == address || m.DedupeKey.Contains(":" + user.Id + ":"))
                .ExecuteDeleteAsync(ct);
        }
        user.UserName = null;
        user.NormalizedUserName = null;
        user.Email = null;
        user.NormalizedEmail = null;
        user.EmailConfirmed = false;
        user.PasswordHash = null;
        user.PhoneNumber = null;
        user.PhoneNumberConfirmed = false;
        user.TwoFactorEnabled = false;
        user.DisplayName = Platform.Web.Features.Account.User.DeletedDisplayName;
        user.DeletedAt = clock.GetUtcNow();
        user.SecurityStamp = Guid.NewGuid().ToString();
        user.LockoutEnabled = true;
        user.LockoutEnd = DateTimeOffset.MaxValue;
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        // Their comments name no one from now on: this instance's next page must not show the
        // old name from a cached comment page (the others hear the database's announcement).
        await pageCache.ApplyAsync(ReadModelChange.Authors, ct);

        await signIn.SignOutAsync();
        TempData["Deleted"] = true;
        return Redirect("/");
    }
}
