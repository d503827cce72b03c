using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Platform.Web.Features.Account;
using Platform.Web.Features.Lessons;
using Platform.Web.Infrastructure.Caching;
using Platform.Web.Infrastructure.Data;
using Platform.Web.Infrastructure.Localization;
using Platform.Web.Infrastructure.Security;

namespace Platform.Web.Features.Comments;

/// "도움돼요" on a comment: a confirmed learner marks (helpful=true) or unmarks (helpful=false)
/// someone else's visible comment, once each (the unique index), at most
/// `RateLimits:CommentReactions` times a window. A plain form post that redirects back to the
/// comment; comment-helpful.js posts the same form and reads the answer as JSON.
[Authorize]
public sealed class HelpfulToggleModel(
    PlatformDbContext db, SignedInLearner learner, FormRateLimits limits, CommentLinks links, PageCacheEviction pageCache, TimeProvider clock)
    : PageModel
{
    public const string RateLimit = "CommentReactions";

    public string BackPath { get; private set; } = "/";

    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) =>
        await links.PathAsync(id, ct) is { } path ? LocalRedirect(path) : NotFound();

    /// <paramref name="sort"/> and <paramref name="comments"/> are the order and page the learner
    /// was reading, so the way back shows the same list.
    public async Task<IActionResult> OnPostAsync(long id, bool? helpful, string? sort, int? comments, CancellationToken ct)
    {
        var userId = User.RequiredUserId();
        var comment = await db.Set<Comment>().AsNoTracking()
            .Where(c => c.Id == id && db.Lessons.Published().Any(l => l.Id == c.LessonId))
            .Select(c => new { c.AuthorId, c.LessonId, c.DeletedAt, c.HiddenAt, Course = c.Lesson.Course.Slug, Lesson = c.Lesson.Slug })
            .FirstOrDefaultAsync(ct);
        if (comment is null)
        {
            return NotFound();
        }
        var order = CommentOrders.Parse(sort);
        // Worked out only when a page is answered: the script's JSON answer has no way back.
        Task<string> WayBackAsync() => links.BackAsync(id, new LessonKey(comment.Course, comment.Lesson), order, comments, ct);
        async Task<IActionResult> RefuseAsync(int status, string key)
        {
            BackPath = await WayBackAsync();
            return Refuse(status, key);
        }

        if (helpful is not { } marked)
        {
            return await RefuseAsync(StatusCodes.Status400BadRequest, "Helpful.NoChoice");
        }
        if (comment.AuthorId == userId)
        {
            return await RefuseAsync(StatusCodes.Status400BadRequest, "Helpful.Own");
        }
        if (comment.DeletedAt is not null || comment.HiddenAt is not null)
        {
            return await RefuseAsync(StatusCodes.Status409Conflict, "Helpful.Gone");
        }
        var now = clock.GetUtcNow();
        if (await learner.GetAsync(userId, ct) is not { } state || !state.CanPost(now))
        {
            return await RefuseAsync(StatusCodes.Status403Forbidden, "Helpful.NotAllowed");
        }
        if (await limits.TryAcquireAsync(RateLimit, HttpContext, "user:" + userId) is not null)
        {
            return await RefuseAsync(StatusCodes.Status429TooManyRequests, "Helpful.TooMany");
        }

        // The conditions again in the statement itself: a comment hidden meanwhile takes no mark.
        var changed = marked
            ? await db.Database.ExecuteSqlAsync(
                $"""
                INSERT INTO comment_reactions (comment_id, user_id, created_at)
                SELECT c.id, {userId}, {now} FROM comments c
                 WHERE c.id = {id} AND c.author_id <> {userId} AND c.deleted_at IS NULL AND c.hidden_at IS NULL
                ON CONFLICT (comment_id, user_id) DO NOTHING
                """, ct)
            : await db.Set<CommentReaction>().Where(r => r.CommentId == id && r.UserId == userId).ExecuteDeleteAsync(ct);
        if (changed > 0)
        {
            await pageCache.LessonChangedAsync(comment.LessonId, ct);
        }

        if (WantsJson())
        {
            var count = await db.Set<CommentReaction>().CountAsync(r => r.CommentId == id, ct);
            return new JsonResult(new { helpful = marked, count });
        }
        return LocalRedirect(await WayBackAsync());
    }

    private bool WantsJson() =>
        Request.Headers.Accept.Any(a => a?.Contains("application/json", StringComparison.OrdinalIgnoreCase) == true);

    private PageResult Refuse(int status, string key)
    {
        Problem = Localized.Text<CommentsText>(key);
        Response.StatusCode = status;
        return Page();
    }
}
