using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Web.Features.Admin;
using Platform.Web.Features.Lessons;
using Platform.Web.Infrastructure.Data;

namespace Platform.Web.Features.Comments;

/// Where a comment is on the site: its lesson page, the comments page holding its thread, and
/// its anchor (or, for a reply older than the latest few its thread shows, the thread's own page). Mail and notifications link to /comments/{id}, which redirects here, so a link
/// stays right when more threads push the comment to a later page.
public sealed class CommentLinks(PlatformDbContext db, IOptions<CommentOptions> options)
{
    /// Where its author sees a thread they just started: first of the lesson's threads, newest
    /// first. Known without a query, so posting costs the same on a lesson of ten threads or ten
    /// thousand (finding its page in the default order counts the threads before it).
    public static string NewThreadPath(LessonRef lesson, long commentId) =>
        $"{lesson.Path}{CommentOrders.Query(CommentOrder.Newest, 1)}#comment-{commentId}";

    /// The way back from a comment's button (its page's one form carries the order and page the
    /// learner read): that list again, or for the default one the page holding the comment now.
    public async Task<string> BackAsync(long commentId, LessonKey lesson, CommentOrder order, int? page, CancellationToken ct) =>
        order == CommentOrder.Oldest && page is null
            ? await PathAsync(commentId, ct) ?? "/"
            : $"{lesson.Path}{CommentOrders.Query(order, Paging.Requested(page))}#comment-{commentId}";

    /// One query, whatever the number of comments (indexed counts). Null when there is no such
    /// comment, or (unless <paramref name="includeDrafts"/>, for admins) its lesson is not
    /// published: a draft's address is not told through its comments.
    public async Task<string?> PathAsync(long commentId, CancellationToken ct, bool includeDrafts = false)
    {
        var comments = db.Set<Comment>().AsNoTracking();
        var comment = await (
                from c in comments
                join r in comments on c.ThreadId ?? c.Id equals r.Id
                where c.Id == commentId
                    && (includeDrafts || db.Lessons.Published().Any(l => l.Id == c.LessonId))
                select new
                {
                    c.Id, RootId = r.Id, Course = c.Lesson.Course.Slug, Lesson = c.Lesson.Slug,
                    // Replies of its thread after it: the lesson page shows only the latest few.
                    Later = c.ThreadId == null ? 0 : comments.Count(x => x.ThreadId == c.ThreadId
                        && (x.CreatedAt > c.CreatedAt || (x.CreatedAt == c.CreatedAt && x.Id > c.Id))),
                    Earlier = c.ThreadId == null ? 0 : comments.Count(x => x.ThreadId == c.ThreadId
                        && (x.CreatedAt < c.CreatedAt || (x.CreatedAt == c.CreatedAt && x.Id < c.Id))),
                    // Threads of the lesson before this one's: which comments page holds it.
                    ThreadsBefore = comments.Count(x => x.LessonId == c.LessonId && x.ThreadId == null
                        && (x.CreatedAt < r.CreatedAt || (x.CreatedAt == r.CreatedAt && x.Id < r.Id))),
                })
            .FirstOrDefaultAsync(ct);
        if (comment is null)
        {
            return null;
        }
        if (comment.Later >= Math.Max(1, options.Value.RepliesShown))
        {
            var replyPage = comment.Earlier / Math.Max(1, options.Value.RepliesPerPage) + 1;
            return $"/comments/{comment.RootId}/replies?pageIndex={replyPage}#comment-{comment.Id}";
        }
        var page = comment.ThreadsBefore / Math.Max(1, options.Value.ThreadsPerPage) + 1;
        return $"{new LessonKey(comment.Course, comment.Lesson).Path}{(page > 1 ? $"?comments={page}" : "")}#comment-{comment.Id}";
    }
}
