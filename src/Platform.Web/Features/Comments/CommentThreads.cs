using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Web.Infrastructure.Caching;
using Platform.Web.Infrastructure.Data;

namespace Platform.Web.Features.Comments;

/// A comment as every reader's copy holds it; who may see its text is decided per viewer.
public sealed record CommentRow(
    long Id, long? ThreadId, long? ReplyToId, string AuthorId, string AuthorName, string BodyHtml,
    DateTimeOffset CreatedAt, DateTimeOffset? EditedAt, DateTimeOffset? DeletedAt, DateTimeOffset? HiddenAt)
{
    /// The author is an admin now (the "운영진" badge); a role change announces "authors".
    public bool AuthorIsStaff { get; init; }

    /// "도움돼요" marks on it (none counted while it is hidden or deleted).
    public int Helpful { get; init; }
}

/// A thread's first comment, how many replies it has, and the latest of them (oldest first).
public sealed record ThreadRows(CommentRow Root, int ReplyCount, IReadOnlyList<CommentRow> LatestReplies);

/// One page of a lesson's threads in one order, with the lesson's counts.
public sealed record CommentPage(int Page, int ThreadCount, int VisibleCount, IReadOnlyList<ThreadRows> Threads);

/// The read model of the comment section: pages of a lesson's threads, held in memory by every
/// instance and dropped when the database announces a change to that lesson's comments (or to an
/// author's name, or to a comment's "도움돼요" marks). A page costs three queries to build and none
/// to read; its size is fixed by the options (threads a page, latest replies a thread), whatever
/// the number of comments. Each order (<see cref="CommentOrder"/>) keeps its own pages.
public sealed class CommentThreads(IServiceScopeFactory scopes, IOptions<CommentOptions> options) : IReadModel
{
    /// Readers rarely go deep: only the first pages are kept, deeper ones are read when asked.
    public const int KeptPages = 10;

    private readonly SharedEntries<(int LessonId, int Page, CommentOrder Order), CommentPage> _pages = new();

    public int ThreadsPerPage => Math.Max(1, options.Value.ThreadsPerPage);

    public int RepliesShown => Math.Max(1, options.Value.RepliesShown);

    public Task<CommentPage> PageAsync(int lessonId, int page, CommentOrder order = CommentOrder.Oldest) =>
        page <= KeptPages
            ? _pages.GetAsync((lessonId, page, order), key => LoadAsync(key.LessonId, key.Page, key.Order))
            : LoadAsync(lessonId, page, order);

    public void Apply(ReadModelChange change)
    {
        switch (change.Kind)
        {
            case ReadModelChangeKind.Comments:
                _pages.RemoveWhere(key => key.LessonId == change.LessonId);
                break;
            case ReadModelChangeKind.Authors:
            case ReadModelChangeKind.Everything:
                _pages.Clear();
                break;
        }
    }

    private async Task<CommentPage> LoadAsync(int lessonId, int page, CommentOrder order)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var comments = db.Set<Comment>().AsNoTracking();
        var staff = CommentStaff.Of(db);
        var reactions = db.Set<CommentReaction>();
        var counts = await comments
            .Where(c => c.LessonId == lessonId)
            .GroupBy(c => 1)
            .Select(g => new
            {
                Threads = g.Count(c => c.ThreadId == null),
                Visible = g.Count(c => c.DeletedAt == null && c.HiddenAt == null),
            })
            .FirstOrDefaultAsync();
        var threads = comments
            .Where(c => c.LessonId == lessonId && c.ThreadId == null)
            .Select(c => new
            {
                Comment = c,
                Helpful = c.DeletedAt == null && c.HiddenAt == null ? reactions.Count(r => r.CommentId == c.Id) : 0,
            });
        var ordered = order switch
        {
            CommentOrder.Newest => threads.OrderByDescending(t => t.Comment.CreatedAt).ThenByDescending(t => t.Comment.Id),
            CommentOrder.Helpful => threads.OrderByDescending(t => t.Helpful).ThenBy(t => t.Comment.CreatedAt).ThenBy(t => t.Comment.Id),
            _ => threads.OrderBy(t => t.Comment.CreatedAt).ThenBy(t => t.Comment.Id),
        };
        var roots = await ordered
            .Skip((page - 1) * ThreadsPerPage).Take(ThreadsPerPage)
            .Select(t => new
            {
                Row = new CommentRow(t.Comment.Id, t.Comment.ThreadId, t.Comment.ReplyToId, t.Comment.AuthorId, t.Comment.Author.DisplayName,
                    t.Comment.BodyHtml, t.Comment.CreatedAt, t.Comment.EditedAt, t.Comment.DeletedAt, t.Comment.HiddenAt)
                {
                    AuthorIsStaff = staff.Contains(t.Comment.AuthorId),
                    Helpful = t.Helpful,
                },
                Replies = comments.Count(r => r.ThreadId == t.Comment.Id),
            })
            .ToListAsync();
        var rootIds = roots.Select(r => r.Row.Id).ToList();
        var shown = RepliesShown;
        var replies = rootIds.Count == 0
            ? []
            : await comments
                .Where(t => rootIds.Contains(t.Id))
                .SelectMany(t => comments
                    .Where(r => r.ThreadId == t.Id)
                    .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id)
                    .Take(shown))
                .Select(c => new CommentRow(c.Id, c.ThreadId, c.ReplyToId, c.AuthorId, c.Author.DisplayName, c.BodyHtml,
                    c.CreatedAt, c.EditedAt, c.DeletedAt, c.HiddenAt)
                {
                    AuthorIsStaff = staff.Contains(c.AuthorId),
                    Helpful = c.DeletedAt == null && c.HiddenAt == null ? reactions.Count(r => r.CommentId == c.Id) : 0,
                })
                .ToListAsync();
        var byThread = replies.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).ToLookup(r => r.ThreadId!.Value);
        return new CommentPage(
            page,
            counts?.Threads ?? 0,
            counts?.Visible ?? 0,
            roots.Select(r => new ThreadRows(r.Row, r.Replies, byThread[r.Row.Id].ToList())).ToList());
    }
}
