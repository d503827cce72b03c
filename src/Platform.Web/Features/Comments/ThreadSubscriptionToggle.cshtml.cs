using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Platform.Web.Infrastructure.Data;
using Platform.Web.Features.Account;
using Platform.Web.Features.Lessons;

namespace Platform.Web.Features.Comments;

/// "🔔 답글 알림": turns reply alerts for one thread on or off for the signed-in learner.
[Authorize]
public sealed class ThreadSubscriptionToggleModel(PlatformDbContext db, CommentLinks links, TimeProvider clock) : PageModel
{
    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) =>
        await links.PathAsync(id, ct) is { } path ? LocalRedirect(path) : NotFound();

    /// <paramref name="sort"/> and <paramref name="comments"/> are the order and page the learner
    /// was reading (the page's one form for the comments' buttons carries them): the way back.
    public async Task<IActionResult> OnPostAsync(long id, bool subscribed, string? sort, int? comments, CancellationToken ct)
    {
        var thread = await db.Set<Comment>().AsNoTracking()
            .Where(c => c.Id == id && c.ThreadId == null)
            .Select(c => new { Course = c.Lesson.Course.Slug, Lesson = c.Lesson.Slug })
            .FirstOrDefaultAsync(ct);
        if (thread is null)
        {
            return NotFound();
        }
        await SetAsync(db, id, User.RequiredUserId(), subscribed, clock.GetUtcNow(), ct);
        return LocalRedirect(await links.BackAsync(id, new LessonKey(thread.Course, thread.Lesson), CommentOrders.Parse(sort), comments, ct));
    }

    public static Task SetAsync(PlatformDbContext db, long threadId, string userId, bool subscribed, DateTimeOffset now, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO thread_subscriptions (thread_id, user_id, subscribed, updated_at)
            VALUES ({threadId}, {userId}, {subscribed}, {now})
            ON CONFLICT (thread_id, user_id) DO UPDATE SET subscribed = EXCLUDED.subscribed, updated_at = EXCLUDED.updated_at
            """, ct);
}
