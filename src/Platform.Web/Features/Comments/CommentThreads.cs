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
}

/// A thread's first comment, how many replies it has, and the latest of them (oldest first).
public sealed record ThreadRows(CommentRow Root, int ReplyCount, IReadOnlyList<CommentRow> LatestReplies);

/// One page of a lesson's threads, with the lesson's counts.
public sealed record CommentPage(int Page, int ThreadCount, int VisibleCount, IReadOnlyList<ThreadRows> Threads);

/// The read model of the comment section: pages of a lesson's threads, held in memory by every
/// instance and dropped when the database announces a change to that lesson's comments (or to an
/// author's name). A page costs three queries to build and none to read; its size is fixed by
/// the options (threads a page, latest replies a thread), whatever the number of comments.
public sealed class CommentThreads(IServiceScopeFactory scopes, IOptions<CommentOptions> options) : IReadModel
{
    /// Readers rarely go deep: only the first pages are kept, deeper ones are read when asked.
    public const int KeptPages = 10;

    private readonly SharedEntries<(int LessonId, int Page), CommentPage> _pages = new();

    public int ThreadsPerPage => Math.Max(1, options.Value.ThreadsPerPage);

    public int RepliesShown => Math.Max(1, options.Value.RepliesShown);

    public Task<CommentPage> PageAsync(int lessonId, int page) =>
        page <= KeptPages ? _pages.GetAsync((lessonId, page), key => LoadAsync(key.LessonId, key.Page)) : LoadAsync(lessonId, page);

    public void Apply(ReadModelChange change)
    {
        switch (change.Kind)
        {
            case ReadModelChangeKind.Comments:
                for (var page = 1; page <= KeptPages; page++)
                {
                    _pages.Remove((change.LessonId, page));
                }
                break;
            case ReadModelChangeKind.Authors:
            case ReadModelChangeKind.Everything:
                _pages.Clear();
                break;
        }
    }

    private async Task<CommentPage> LoadAsync(int lessonId, int page)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var comments = db.Set<Comment>().AsNoTracking();
        var staff = CommentStaff.Of(db);
        var counts = await comments
            .Where(c => c.LessonId == lessonId)
            .GroupBy(c => 1)
            .Select(g => new
            {
                Threads = g.Count(c => c.ThreadId == null),
                Visible = g.Count(c => c.DeletedAt == null && c.HiddenAt == null),
            })
            .FirstOrDefaultAsync();
        var roots = await comments
            .Where(c => c.LessonId == lessonId && c.ThreadId == null)
            .OrderBy(c => c.CreatedAt).ThenBy(c => c.Id)
            .Skip((page - 1) * ThreadsPerPage).Take(ThreadsPerPage)
            .Select(c => new
            {
                Row = new CommentRow(c.Id, c.ThreadId, c.ReplyToId, c.AuthorId, c.Author.DisplayName, c.BodyHtml,
                    c.CreatedAt, c.EditedAt, c.DeletedAt, c.HiddenAt) { AuthorIsStaff = staff.Contains(c.AuthorId) },
                Replies = comments.Count(r => r.ThreadId == c.Id),
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
                    c.CreatedAt, c.EditedAt, c.DeletedAt, c.HiddenAt) { AuthorIsStaff = staff.Contains(c.AuthorId) })
                .ToListAsync();
        var byThread = replies.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).ToLookup(r => r.ThreadId!.Value);
        return new CommentPage(
            page,
            counts?.Threads ?? 0,
            counts?.Visible ?? 0,
            roots.Select(r => new ThreadRows(r.Row, r.Replies, byThread[r.Row.Id].ToList())).ToList());
    }
}
