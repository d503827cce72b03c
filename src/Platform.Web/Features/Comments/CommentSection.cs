using Platform.Web.Features.Admin;
using Microsoft.AspNetCore.Mvc;
using Platform.Web.Features.Account;

using Platform.Web.Infrastructure.Time;

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
    bool CanEdit,
    bool AuthorIsStaff = false)
{
    /// How many marked it "도움돼요" (everyone's count, from the read model).
    public int Helpful { get; init; }

    /// The viewer marked it (personal: from the viewer's state, never on a shared page).
    public bool MarkedHelpful { get; init; }
}

public sealed record ThreadView(CommentView Root, IReadOnlyList<CommentView> Replies, bool Subscribed, int ReplyCount = 0)
{
    /// Replies before the ones shown: behind the "earlier replies" link to the thread's page.
    public int EarlierReplies => Math.Max(0, ReplyCount - Replies.Count);

    /// The page of the thread's own list that holds the reply just before the ones shown.
    public int EarlierRepliesPage(int perPage) => Math.Max(1, (EarlierReplies + perPage - 1) / perPage);
}

/// Who is looking: null for visitors, whose page must be the same for everyone (it is cached).
/// <see cref="Refusal"/> says why a signed-in learner may not post (null when they may).
public sealed record CommentViewer(string UserId, bool CanPost, string? Refusal = null);

public sealed record CommentSectionView(
    string LessonKey,
    string LessonPath,
    int Count,
    IReadOnlyList<ThreadView> Threads,
    int Page,
    int PageCount,
    CommentViewer? Viewer,
    DateTimeOffset Now)
{
    public CommentOrder Order { get; init; }

    /// A page of this section's threads in an order, at the section's anchor.
    public string PageHref(int page, CommentOrder order) => LessonPath + CommentOrders.Query(order, page) + "#comments";
}

/// The page's one form for the comments' buttons (_CommentActionsForm.cshtml).
public static class CommentActionsForm
{
    public const string Id = "comment-actions-form";
}

/// The `#comments` section of a lesson page: threads oldest first (or newest, or most helpful:
/// `?sort=`), a page at a time (`?comments=2`), each with its latest replies. The threads come from the in-memory read model
/// (<see cref="CommentThreads"/>); what is the viewer's own (their forms, subscriptions, their
/// hidden comments' text) comes from the request's one personal statement.
public sealed class CommentSectionViewComponent(CommentThreads threads, SignedInLearner learner, TimeProvider clock)
    : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(int lessonId, string lessonKey)
    {
        var ct = HttpContext.RequestAborted;
        var requested = Paging.Requested(int.TryParse(Request.Query["comments"], out var p) ? p : null);
        var order = CommentOrders.Parse(Request.Query[CommentOrders.QueryName]);
        var loaded = await threads.PageAsync(lessonId, requested, order);
        var pageCount = Math.Max(1, (loaded.ThreadCount + threads.ThreadsPerPage - 1) / threads.ThreadsPerPage);
        if (loaded.Threads.Count == 0 && requested > pageCount)
        {
            // Past the last page: show the last one.
            loaded = await threads.PageAsync(lessonId, pageCount, order);
        }

        var now = clock.GetUtcNow();
        var userId = UserClaimsPrincipal.UserId();
        CommentViewer? viewer = null;
        IReadOnlySet<long> subscribed = new HashSet<long>();
        IReadOnlySet<long> helpful = subscribed;
        if (userId is not null)
        {
            var state = await learner.GetAsync(userId, ct);
            viewer = new CommentViewer(
                userId,
                state?.CanPost(now) == true,
                state is { } s && s.IsBlocked(now) ? Blocks.Explain(s.BlockedUntil!.Value, s.BlockReason, PersonTime.For(s.TimeZone)) : null);
            subscribed = state?.SubscribedThreads ?? subscribed;
            helpful = state?.HelpfulComments ?? helpful;
        }

        var model = new CommentSectionView(
            lessonKey, "/courses/" + lessonKey, loaded.VisibleCount,
            loaded.Threads.Select(t => ViewOf(t, userId, subscribed, now, helpful)).ToList(),
            loaded.Page, pageCount, viewer, now)
        {
            Order = order,
        };
        return View("/Features/Comments/_CommentSection.cshtml", model);
    }

    /// A thread as <paramref name="userId"/> sees it.
    public static ThreadView ViewOf(
        ThreadRows thread, string? userId, IReadOnlySet<long> subscribed, DateTimeOffset now, IReadOnlySet<long>? helpful = null)
    {
        var names = thread.LatestReplies.Prepend(thread.Root).ToDictionary(r => r.Id, r => r.AuthorName);
        return new ThreadView(
            ViewOf(thread.Root, userId, names, now, helpful),
            thread.LatestReplies.Select(r => ViewOf(r, userId, names, now, helpful)).ToList(),
            subscribed.Contains(thread.Root.Id),
            thread.ReplyCount);
    }

    public static CommentView ViewOf(
        CommentRow row, string? userId, IReadOnlyDictionary<long, string> names, DateTimeOffset now, IReadOnlySet<long>? helpful = null) => new(
        row.Id,
        // A deleted account's name is stored empty and worded here, in the reader's language.
        AccountNames.Shown(row.AuthorName),
        row.AuthorId == userId,
        row.ReplyToId,
        row.ReplyToId is { } answered && names.TryGetValue(answered, out var name) ? AccountNames.Shown(name) : null,
        row.BodyHtml,
        row.CreatedAt,
        row.EditedAt is not null,
        row.DeletedAt is not null ? CommentState.Deleted : row.HiddenAt is not null ? CommentState.Hidden : CommentState.Visible,
        row.AuthorId == userId && row.DeletedAt is null && row.HiddenAt is null && now - row.CreatedAt < Comment.EditWindow,
        row.AuthorIsStaff)
    {
        Helpful = row.Helpful,
        MarkedHelpful = helpful?.Contains(row.Id) == true,
    };
}
