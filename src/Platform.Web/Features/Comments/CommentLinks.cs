using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Web.Features.Lessons;
using Platform.Web.Infrastructure.Data;

namespace Platform.Web.Features.Comments;

/// Where a comment is on the site: its lesson page, the comments page holding its thread, and
/// its anchor. Mail and notifications link to /comments/{id}, which redirects here, so a link
/// stays right when more threads push the comment to a later page.
public sealed class CommentLinks(PlatformDbContext db, IOptions<CommentOptions> options)
{
    /// Null when there is no such comment, or (unless <paramref name="includeDrafts"/>, for admins)
    /// its lesson is not published: a draft's address is not told through its comments.
    public async Task<string?> PathAsync(long commentId, CancellationToken ct, bool includeDrafts = false)
    {
        var comment = await db.Set<Comment>().AsNoTracking()
            .Where(c => c.Id == commentId
                && (includeDrafts || (c.Lesson.Status == LessonStatus.Published && c.Lesson.Course.IsPublished)))
            .Select(c => new { c.Id, c.LessonId, RootId = c.ThreadId ?? c.Id, Course = c.Lesson.Course.Slug, Lesson = c.Lesson.Slug })
            .FirstOrDefaultAsync(ct);
        if (comment is null)
        {
            return null;
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
