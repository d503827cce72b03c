using Platform.Web.Features.Account;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Web.Features.Lessons;
using Platform.Web.Infrastructure.Data;

namespace Platform.Web.Features.Comments;

/// A thread's own page: its first comment and every reply, oldest first, a page at a time. The
/// lesson page shows a thread's latest replies and links here for the earlier ones (no script).
public sealed class ThreadRepliesModel(PlatformDbContext db, IOptions<CommentOptions> options, TimeProvider clock) : PageModel
{
    public CommentSectionView Section { get; private set; } = null!;

    public ThreadView Thread { get; private set; } = null!;

    public string LessonTitle { get; private set; } = "";

    public int PageIndex { get; private set; }

    public int PageCount { get; private set; }

    /// The order of the lesson's threads the reader came from: the way back keeps it.
    public CommentOrder Order { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, int? pageIndex, string? sort, CancellationToken ct)
    {
        Order = CommentOrders.Parse(sort);
        var staff = CommentStaff.Of(db);
        var reactions = db.Set<CommentReaction>();
        var root = await db.Set<Comment>().AsNoTracking()
            .Where(c => c.Id == id && c.ThreadId == null && db.Lessons.Published().Any(l => l.Id == c.LessonId))
            .Select(c => new
            {
                Row = new CommentRow(c.Id, c.ThreadId, c.ReplyToId, c.AuthorId, c.Author.DisplayName, c.BodyHtml,
                    c.CreatedAt, c.EditedAt, c.DeletedAt, c.HiddenAt)
                {
                    AuthorIsStaff = staff.Contains(c.AuthorId),
                    Helpful = c.DeletedAt == null && c.HiddenAt == null ? reactions.Count(r => r.CommentId == c.Id) : 0,
                },
                Key = new LessonKey(c.Lesson.Course.Slug, c.Lesson.Slug).ToString(),
                c.Lesson.Title,
                Replies = db.Set<Comment>().Count(r => r.ThreadId == c.Id),
            })
            .FirstOrDefaultAsync(ct);
        if (root is null)
        {
            return NotFound();
        }
        var perPage = Math.Max(1, options.Value.RepliesPerPage);
        PageCount = Math.Max(1, (root.Replies + perPage - 1) / perPage);
        PageIndex = Math.Clamp(pageIndex ?? 1, 1, PageCount);
        var replies = await db.Set<Comment>().AsNoTracking()
            .Where(r => r.ThreadId == id)
            .OrderBy(r => r.CreatedAt).ThenBy(r => r.Id)
            .Skip((PageIndex - 1) * perPage).Take(perPage)
            .Select(c => new CommentRow(c.Id, c.ThreadId, c.ReplyToId, c.AuthorId, c.Author.DisplayName, c.BodyHtml,
                c.CreatedAt, c.EditedAt, c.DeletedAt, c.HiddenAt)
            {
                AuthorIsStaff = staff.Contains(c.AuthorId),
                Helpful = c.DeletedAt == null && c.HiddenAt == null ? reactions.Count(r => r.CommentId == c.Id) : 0,
            })
            .ToListAsync(ct);

        var now = clock.GetUtcNow();
        var userId = User.UserId();
        Thread = CommentSectionViewComponent.ViewOf(new ThreadRows(root.Row, root.Replies, replies), userId, new HashSet<long>(), now);
        LessonTitle = root.Title;
        // Read-only here (no viewer): replying, editing and flagging happen on the lesson page.
        Section = new CommentSectionView(root.Key, "/courses/" + root.Key, root.Replies + 1, [Thread], 1, 1, null, now) { Order = Order };
        return Page();
    }
}
