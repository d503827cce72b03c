using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Platform.Web.Infrastructure.Data;
using Platform.Web.Infrastructure.Localization;

namespace Platform.Web.Features.Account;

/// The account's language (/me, #account-language): what mail to this account is written in. Choosing
/// it also switches the interface to it (the same culture cookie as the footer's switch).
[Authorize]
public sealed class AccountLanguageModel(PlatformDbContext db, IStringLocalizer<AccountText> text) : PageModel
{
    public const string SavedKey = "AccountLanguageSaved";

    public IActionResult OnGet() => Redirect("/me#account-language");

    public async Task<IActionResult> OnPostAsync(string? language, CancellationToken ct)
    {
        var chosen = Languages.Find(language);
        if (chosen is null || !string.Equals(chosen, language?.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            return BadRequest();
        }
        var userId = User.RequiredUserId();
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(u => u.SetProperty(x => x.Language, chosen), ct);
        LanguageCookie.Set(HttpContext, chosen);
        using (Languages.Use(chosen))
        {
            TempData[SavedKey] = text["Language.Saved"].Value;
        }
        return Redirect("/me#account-language");
    }
}
