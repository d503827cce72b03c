using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Web.Infrastructure.Data;

namespace Platform.Web.Features.Comments;

/// Where a comment is on the site: its lesson page, the comments page holding its thread, and
/// its anchor (or, for a reply older than the latest few its thread shows, the thread's own page). Mail and notifications link to /comments/{id}, which redirects here, so a link
/// stays right when more threads push the comment to a later page.
public sealed class CommentLinks(PlatformDbContext db, IOptions<CommentOptions> options)
{
    public async Task<string?> PathAsync(long commentId, CancellationToken ct)
    {
        var comment = await db.Set<Comment>().AsNoTracking()
            .Where(c => c.Id == commentId)
            .Select(c => new
            {
                c.Id, c.LessonId, RootId = c.ThreadId ?? c.Id, Course = c.Lesson.Course.Slug, Lesson = c.Lesson.Slug,
                // Replies of its thread after it: the lesson page shows only the latest few.
                Later = c.ThreadId == null ? 0 : db.Set<Comment>().Count(r => r.ThreadId == c.ThreadId
                    && (r.CreatedAt > c.CreatedAt || (r.CreatedAt == c.CreatedAt && r.Id > c.Id))),
                Earlier = c.ThreadId == null ? 0 : db.Set<Comment>().Count(r => r.ThreadId == c.ThreadId
                    && (r.CreatedAt < c.CreatedAt || (r.CreatedAt == c.CreatedAt && r.Id < c.Id))),
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
        var root = await db.Set<Comment>().AsNoTracking()
            .Where(c => c.Id == comment.RootId)
            .Select(c => new { c.Id, c.CreatedAt })
            .SingleAsync(ct);
        var before = await db.Set<Comment>().CountAsync(c => c.LessonId == comment.LessonId && c.ThreadId == null
            && (c.CreatedAt < root.CreatedAt || (c.CreatedAt == root.CreatedAt && c.Id < root.Id)), ct);
        var page = before / Math.Max(1, options.Value.ThreadsPerPage) + 1;
        return $"/courses/{comment.Course}/{comment.Lesson}{(page > 1 ? $"?comments={page}" : "")}#comment-{comment.Id}";
    }
}
