using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Platform.Web.Features.Account;
using Platform.Web.Infrastructure.Data;

namespace Platform.Web.Features.Notifications;

/// How reply alerts arrive by e-mail: immediately, as a daily digest, or never. In-app
/// notifications always arrive.
[Authorize]
public sealed class PreferencesModel(PlatformDbContext db, TimeProvider clock, IStringLocalizer<NotificationsText> text) : PageModel
{
    [BindProperty]
    public ReplyEmail ReplyEmail { get; set; }

    [TempData]
    public string? Saved { get; set; }

    private string UserId => User.RequiredUserId();

    public async Task OnGetAsync(CancellationToken ct) =>
        ReplyEmail = await db.Set<NotificationPreference>()
            .Where(p => p.UserId == UserId)
            .Select(p => (ReplyEmail?)p.ReplyEmail)
            .FirstOrDefaultAsync(ct) ?? ReplyEmail.Immediate;

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid || !Enum.IsDefined(ReplyEmail))
        {
            ModelState.Clear();
            ModelState.AddModelError(string.Empty, text["Preferences.Invalid"]);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var now = clock.GetUtcNow();
        var value = ReplyEmail.ToString().ToLowerInvariant();
        await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO notification_preferences (user_id, reply_email, updated_at) VALUES ({UserId}, {value}, {now})
            ON CONFLICT (user_id) DO UPDATE SET reply_email = EXCLUDED.reply_email, updated_at = EXCLUDED.updated_at
            """, ct);
        Saved = text["Preferences.Saved"];
        return RedirectToPage();
    }
}
