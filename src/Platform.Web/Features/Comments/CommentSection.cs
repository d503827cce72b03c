using Platform.Web.Features.Admin;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Web.Infrastructure.Data;
using Platform.Web.Features.Account;

namespace Platform.Web.Features.Comments;

public enum CommentState
{
    Visible,
    Deleted,
    Hidden,
}

public sealed record CommentView(
    long Id,
    string AuthorName,
    bool IsMine,
    long? ReplyToId,
    string? ReplyToName,
    string BodyHtml,
    DateTimeOffset CreatedAt,
    bool Edited,
    CommentState State,
    bool CanEdit);

public sealed record ThreadView(CommentView Root, IReadOnlyList<CommentView> Replies, bool Subscribed);

/// Who is looking: null for visitors, whose page must be the same for everyone (it is cached).
public sealed record CommentViewer(string UserId, bool CanPost);

public sealed record CommentSectionView(
    string LessonKey,
    string LessonPath,
    int Count,
    IReadOnlyList<ThreadView> Threads,
    int Page,
    int PageCount,
    CommentViewer? Viewer,
    DateTimeOffset Now);

/// The `#comments` section of a lesson page: threads oldest first, 50 a page (`?comments=2`),
/// replies under their thread. Visitors read; signed-in learners get the forms.
public sealed class CommentSectionViewComponent(PlatformDbContext db, IOptions<CommentOptions> options, TimeProvider clock)
    : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(int lessonId, string lessonKey)
    {
        var ct = HttpContext.RequestAborted;
        var perPage = Math.Max(1, options.Value.ThreadsPerPage);
        var page = Paging.Requested(int.TryParse(Request.Query["comments"], out var p) ? p : null);
        var userId = UserClaimsPrincipal.UserId();

        // One query for the whole section (the lesson page stays at a fixed, small number of
        // queries): the page's threads with their replies, each row carrying the two counts.
        var loaded = await LoadPageAsync(lessonId, page, perPage, ct);
        if (loaded.Count == 0 && page > 1)
        {
            // Past the last page: show the last one.
            var threadTotal = await db.Set<Comment>().CountAsync(c => c.LessonId == lessonId && c.ThreadId == null, ct);
            page = Math.Max(1, (threadTotal + perPage - 1) / perPage);
            loaded = await LoadPageAsync(lessonId, page, perPage, ct);
        }
        var threadCount = loaded.Count == 0 ? 0 : loaded[0].ThreadCount;
        var count = loaded.Count == 0 ? 0 : loaded[0].VisibleCount;
        var pageCount = Math.Max(1, (threadCount + perPage - 1) / perPage);
        var all = loaded.Select(l => l.Row).OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).ToList();
        var threadRows = all.Where(r => r.ThreadId is null).ToList();
        var replyRows = all.Where(r => r.ThreadId is not null).ToList();
        var threadIds = threadRows.Select(t => t.Id).ToList();

        CommentViewer? viewer = null;
        var subscribed = new HashSet<long>();
        if (userId is not null)
        {
            var canPost = await db.Users.AnyAsync(u => u.Id == userId && u.EmailConfirmed && u.DeletedAt == null, ct);
            viewer = new CommentViewer(userId, canPost);
            subscribed = (await db.Set<ThreadSubscription>()
                .Where(s => s.UserId == userId && s.Subscribed && threadIds.Contains(s.ThreadId))
                .Select(s => s.ThreadId)
                .ToListAsync(ct)).ToHashSet();
        }

        var now = clock.GetUtcNow();
        var names = threadRows.Concat(replyRows).ToDictionary(r => r.Id, r => r.AuthorName);
        CommentView ToView(Row row) => new(
            row.Id,
            row.AuthorName,
            row.AuthorId == userId,
            row.ReplyToId,
            row.ReplyToId is { } answered && names.TryGetValue(answered, out var name) ? name : null,
            row.BodyHtml,
            row.CreatedAt,
            row.EditedAt is not null,
            row.DeletedAt is not null ? CommentState.Deleted : row.HiddenAt is not null ? CommentState.Hidden : CommentState.Visible,
            row.AuthorId == userId && row.DeletedAt is null && row.HiddenAt is null && now - row.CreatedAt < Comment.EditWindow);
        var replies = replyRows.ToLookup(r => r.ThreadId!.Value);
        var threads = threadRows
            .Select(t => new ThreadView(ToView(t), replies[t.Id].Select(ToView).ToList(), subscribed.Contains(t.Id)))
            .ToList();
        var model = new CommentSectionView(
            lessonKey, "/courses/" + lessonKey, count, threads, page, pageCount, viewer, now);
        return View("/Features/Comments/_CommentSection.cshtml", model);
    }

    private async Task<List<Loaded>> LoadPageAsync(int lessonId, int page, int perPage, CancellationToken ct)
    {
        var comments = db.Set<Comment>().AsNoTracking();
        var threadsOnPage = comments
            .Where(c => c.LessonId == lessonId && c.ThreadId == null)
            .OrderBy(c => c.CreatedAt).ThenBy(c => c.Id)
            .Skip((page - 1) * perPage).Take(perPage)
            .Select(c => c.Id);
        return await comments
            .Where(c => c.LessonId == lessonId && threadsOnPage.Contains(c.ThreadId ?? c.Id))
            .Select(c => new Loaded(
                new Row(c.Id, c.ThreadId, c.ReplyToId, c.AuthorId, c.Author.DisplayName, c.BodyHtml, c.CreatedAt, c.EditedAt, c.DeletedAt, c.HiddenAt),
                comments.Count(x => x.LessonId == lessonId && x.ThreadId == null),
                comments.Count(x => x.LessonId == lessonId && x.DeletedAt == null && x.HiddenAt == null)))
            .ToListAsync(ct);
    }

    private sealed record Loaded(Row Row, int ThreadCount, int VisibleCount);

    private sealed record Row(
        long Id, long? ThreadId, long? ReplyToId, string AuthorId, string AuthorName, string BodyHtml,
        DateTimeOffset CreatedAt, DateTimeOffset? EditedAt, DateTimeOffset? DeletedAt, DateTimeOffset? HiddenAt);
}
