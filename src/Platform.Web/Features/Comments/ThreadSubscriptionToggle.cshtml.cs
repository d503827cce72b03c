using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Platform.Web.Infrastructure.Data;
using Platform.Web.Features.Account;

namespace Platform.Web.Features.Comments;

/// "🔔 답글 알림": turns reply alerts for one thread on or off for the signed-in learner.
[Authorize]
public sealed class ThreadSubscriptionToggleModel(PlatformDbContext db, CommentLinks links, TimeProvider clock) : PageModel
{
    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) =>
        await links.PathAsync(id, ct) is { } path ? LocalRedirect(path) : NotFound();

    public async Task<IActionResult> OnPostAsync(long id, bool subscribed, CancellationToken ct)
    {
        var isThread = await db.Set<Comment>().AnyAsync(c => c.Id == id && c.ThreadId == null, ct);
        if (!isThread)
        {
            return NotFound();
        }
        await SetAsync(db, id, User.RequiredUserId(), subscribed, clock.GetUtcNow(), ct);
        return LocalRedirect(await links.PathAsync(id, ct) ?? "/");
    }

    public static Task SetAsync(PlatformDbContext db, long threadId, string userId, bool subscribed, DateTimeOffset now, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO thread_subscriptions (thread_id, user_id, subscribed, updated_at)
            VALUES ({threadId}, {userId}, {subscribed}, {now})
            ON CONFLICT (thread_id, user_id) DO UPDATE SET subscribed = EXCLUDED.subscribed, updated_at = EXCLUDED.updated_at
            """, ct);
}
