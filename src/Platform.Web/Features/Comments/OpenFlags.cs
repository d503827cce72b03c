using Microsoft.EntityFrameworkCore;
using Platform.Web.Infrastructure.Data;

namespace Platform.Web.Features.Comments;

/// The one definition of an open flag (one no admin decision has resolved yet) and the counts the
/// admin pages show: the flag queue's length, the comments hidden by flags that wait for an admin,
/// and a comment's open flags.
public static class OpenFlags
{
    public static IQueryable<CommentFlag> Of(PlatformDbContext db) => db.Set<CommentFlag>().Where(f => f.ResolvedAt == null);

    public static IQueryable<CommentFlag> Of(PlatformDbContext db, long commentId) => Of(db).Where(f => f.CommentId == commentId);

    /// Comments with open flags: the queue's length.
    public static Task<int> CountFlaggedCommentsAsync(PlatformDbContext db, CancellationToken ct)
    {
        var open = Of(db);
        return db.Set<Comment>().CountAsync(c => open.Any(f => f.CommentId == c.Id), ct);
    }

    /// Hidden by flags and waiting for an admin: the ones to look at first.
    public static Task<int> CountAutoHiddenAsync(PlatformDbContext db, CancellationToken ct)
    {
        var open = Of(db);
        return db.Set<Comment>().CountAsync(c => c.HiddenAt != null && c.HiddenById == null && c.DeletedAt == null
            && open.Any(f => f.CommentId == c.Id), ct);
    }
}
