using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Platform.Web.Infrastructure.Localization;
using Platform.Web.Infrastructure.Data;

using Platform.Web.Features.Admin;

namespace Platform.Web.Features.Comments.Admin;

/// The comment flag queue (comments with open flags, most flagged first) and the recently hidden
/// comments, with hide / restore / delete. The decisions go through <see cref="CommentModeration"/>,
/// which resolves the open flags and evicts the lesson's cached page; the audit row is written in
/// the decision's own transaction.
public sealed class AdminCommentsModel(
    PlatformDbContext db, CommentModeration moderation, AuditLog audit, IStringLocalizer<AdminText> text) : PageModel
{
    public const string BulkHide = "hide";
    public const string BulkRestore = "restore";
    public const string FlaggedView = "flagged";
    public const string HiddenView = "hidden";
    private const int PageSize = 30;

    public string View { get; private set; } = FlaggedView;

    public int FlaggedCount { get; private set; }

    public int HiddenCount { get; private set; }

    public IReadOnlyList<FlaggedComment> Flagged { get; private set; } = [];

    public IReadOnlyList<HiddenRow> Hidden { get; private set; } = [];

    public Paging Paging { get; private set; } = Paging.For(1, PageSize, 0);

    [BindProperty]
    public DecisionInput Input { get; set; } = new();

    public sealed class DecisionInput
    {
        public long CommentId { get; set; }

        [StringLength(500, ErrorMessage = "Validation.HideReasonLength")]
        public string? Reason { get; set; }
    }

    [BindProperty]
    public BulkSelection Bulk { get; set; } = new();

    public async Task OnGetAsync(string? view, int? pageIndex, CancellationToken ct) =>
        await LoadAsync(view, pageIndex, ct);

    public async Task<IActionResult> OnPostHideAsync(string? view, CancellationToken ct)
    {
        if (!ModelState.IsValid || string.IsNullOrWhiteSpace(Input.Reason))
        {
            if (string.IsNullOrWhiteSpace(Input.Reason))
            {
                ModelState.AddModelError("Input.Reason", Localized.Text<CommentsText>("Admin.NeedReason"));
            }
            return await RefuseAsync(view, null, ct);
        }
        if (await StateAsync(Input.CommentId, ct) is not { } state)
        {
            return NotFound();
        }
        if (state == ModerationState.Deleted)
        {
            return await RefuseAsync(view, Localized.Text<CommentsText>("Admin.AlreadyDeleted", Input.CommentId), ct);
        }
        var found = await moderation.HideAsync(db, Input.CommentId, AuditLog.ActorId(User), Input.Reason,
            decision => Record(AuditActions.CommentHide, decision), ct);
        return found
            ? Done(view, _decided ? Localized.Text<CommentsText>("Admin.HiddenDone", Input.CommentId)
                : Localized.Text<CommentsText>("Admin.AlreadyHidden", Input.CommentId))
            : NotFound();
    }

    public async Task<IActionResult> OnPostRestoreAsync(string? view, CancellationToken ct)
    {
        if (await StateAsync(Input.CommentId, ct) is not { } state)
        {
            return NotFound();
        }
        if (state == ModerationState.Deleted)
        {
            return await RefuseAsync(view, Localized.Text<CommentsText>("Admin.CannotRestore", Input.CommentId), ct);
        }
        var found = await moderation.RestoreAsync(db, Input.CommentId, AuditLog.ActorId(User),
            decision => Record(AuditActions.CommentRestore, decision), ct);
        return found
            ? Done(view, (_decided, state) switch
            {
                (false, _) => Localized.Text<CommentsText>("Admin.AlreadyVisible", Input.CommentId),
                (true, ModerationState.Hidden) => Localized.Text<CommentsText>("Admin.Restored", Input.CommentId),
                _ => Localized.Text<CommentsText>("Admin.FlagsClosed", Input.CommentId),
            })
            : NotFound();
    }

    public async Task<IActionResult> OnPostDeleteAsync(string? view, CancellationToken ct)
    {
        if (await StateAsync(Input.CommentId, ct) is not { } state)
        {
            return NotFound();
        }
        var found = await moderation.DeleteAsync(db, Input.CommentId, AuditLog.ActorId(User),
            decision => Record(AuditActions.CommentDelete, decision), ct);
        return found
            ? Done(view, (_decided, state) switch
            {
                (false, _) => Localized.Text<CommentsText>("Admin.AlreadyDeleted", Input.CommentId),
                (true, ModerationState.Deleted) => Localized.Text<CommentsText>("Admin.DeletedFlagsClosed", Input.CommentId),
                _ => Localized.Text<CommentsText>("Admin.DeletedDone", Input.CommentId),
            })
            : NotFound();
    }

    /// One decision for several comments (the checkboxes of either list): each comment goes through
    /// the same moderation call as its own button, in its own transaction with its own audit row.
    public async Task<IActionResult> OnPostBulkAsync(string? view, CancellationToken ct)
    {
        ModelState.Clear();
        if (Bulk.Check(text) is { } invalid)
        {
            return await RefuseAsync(view, invalid, ct);
        }
        if (Bulk.Action is not (BulkHide or BulkRestore))
        {
            return await RefuseAsync(view, text["Bulk.UnknownAction"].Value, ct);
        }
        var reason = Bulk.Reason?.Trim();
        if (Bulk.Action == BulkHide && (string.IsNullOrEmpty(reason) || reason.Length > 500))
        {
            ModelState.AddModelError("Bulk.Reason", text["Bulk.Comments.ReasonRequired"].Value);
            return await RefuseAsync(view, null, ct);
        }
        int changed = 0, unchanged = 0;
        var skipped = new List<string>();
        foreach (var id in Bulk.Ids.Distinct())
        {
            if (await StateAsync(id, ct) is not { } state || state == ModerationState.Deleted)
            {
                skipped.Add(text["Bulk.Comments.Gone", id].Value);
                continue;
            }
            _decided = false;
            var found = Bulk.Action == BulkHide
                ? await moderation.HideAsync(db, id, AuditLog.ActorId(User), reason!, decision => Record(AuditActions.CommentHide, decision), ct)
                : await moderation.RestoreAsync(db, id, AuditLog.ActorId(User), decision => Record(AuditActions.CommentRestore, decision), ct);
            if (!found)
            {
                skipped.Add(text["Bulk.Comments.Gone", id].Value);
            }
            else if (_decided)
            {
                changed++;
            }
            else
            {
                unchanged++;
            }
        }
        var message = text[Bulk.Action == BulkHide ? "Bulk.Comments.Hidden" : "Bulk.Comments.Restored", changed].Value;
        if (unchanged > 0)
        {
            message += " " + text["Bulk.Comments.Unchanged", unchanged].Value;
        }
        if (skipped.Count > 0)
        {
            message += " " + text["Bulk.Skipped", skipped.Count, string.Join(", ", skipped)].Value;
        }
        return Done(view, message);
    }

    /// The reason an admin most likely hides for: the one most flaggers chose (without their detail).
    public static string SuggestedReason(FlaggedComment comment) =>
        comment.Reasons.Select(r => r.Split(':', 2)[0].Trim()).GroupBy(r => r).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault() ?? "";

    public Pager Pager => new(Paging, "/Comments/Admin/Index", ("view", View));

    private bool _decided;

    private void Record(string action, ModerationDecision decision)
    {
        _decided = true;
        audit.Record(db, User, action, "comment", decision.CommentId.ToString(CultureInfo.InvariantCulture), decision.Before, decision.After);
    }

    private async Task<string?> StateAsync(long id, CancellationToken ct)
    {
        var comment = await db.Set<Comment>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        return comment is null ? null : ModerationState.Of(comment, 0).State;
    }

    private RedirectToPageResult Done(string? view, string message)
    {
        TempData["AdminMessage"] = message;
        return RedirectToPage("/Comments/Admin/Index", new { view = view == HiddenView ? HiddenView : null });
    }

    private async Task<PageResult> RefuseAsync(string? view, string? message, CancellationToken ct)
    {
        if (message is not null)
        {
            ModelState.AddModelError(string.Empty, message);
        }
        Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadAsync(view, null, ct);
        return Page();
    }

    private async Task LoadAsync(string? view, int? page, CancellationToken ct)
    {
        View = view == HiddenView ? HiddenView : FlaggedView;
        var hidden = db.Set<Comment>().AsNoTracking().Where(c => c.HiddenAt != null && c.DeletedAt == null);
        HiddenCount = await hidden.CountAsync(ct);
        if (View == FlaggedView)
        {
            Flagged = await moderation.FlagQueueAsync(db, ct);
            FlaggedCount = Flagged.Count;
            return;
        }
        FlaggedCount = await OpenFlags.CountFlaggedCommentsAsync(db, ct);
        Paging = Paging.For(page, PageSize, HiddenCount);
        Hidden = await hidden
            .OrderByDescending(c => c.HiddenAt).ThenByDescending(c => c.Id)
            .Skip(Paging.Skip).Take(Paging.Size)
            .Select(c => new HiddenRow(
                c.Id, c.Lesson.Course.Slug + "/" + c.Lesson.Slug, c.Lesson.Title, c.AuthorId, c.Author.DisplayName, c.BodyMarkdown,
                c.CreatedAt, c.HiddenAt!.Value, c.HiddenReason,
                db.Users.Where(u => u.Id == c.HiddenById).Select(u => u.DisplayName).FirstOrDefault()))
            .ToListAsync(ct);
    }

    public sealed record HiddenRow(
        long CommentId, string LessonKey, string LessonTitle, string AuthorId, string AuthorName, string BodyMarkdown,
        DateTimeOffset CreatedAt, DateTimeOffset HiddenAt, string? HiddenReason, string? HiddenByName);
}
