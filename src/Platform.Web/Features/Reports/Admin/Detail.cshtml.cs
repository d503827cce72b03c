using Platform.Web.Infrastructure.Security;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Platform.Web.Features.Progress;
using Platform.Web.Infrastructure.Data;
using Platform.Web.Features.Mail;

using Platform.Web.Features.Admin;

namespace Platform.Web.Features.Reports.Admin;

/// One report: what the reader sent, the selection in its paragraph of the revision they saw,
/// the workflow (New → Triaged → Fixed / Won't fix / Duplicate of #N), notes and history.
[RequestSizeLimit(ReportNote.TextMaxLength * RequestBodyLimit.PerFormCharacter + RequestBodyLimit.FormOverhead)]
public sealed class AdminReportModel(
    PlatformDbContext db, AuditLog audit, ReportResolutionMail resolutionMail, ProgressLedger progress, TimeProvider clock) : PageModel
{
    public ReportView Report { get; private set; } = null!;

    public SelectionContext? Selection { get; private set; }

    public IReadOnlyList<ReportNote> Notes { get; private set; } = [];

    public IReadOnlyList<ReportEvent> History { get; private set; } = [];

    [BindProperty]
    public StatusInput Status { get; set; } = new();

    [BindProperty]
    public NoteInput Note { get; set; } = new();

    public sealed class StatusInput
    {
        [Required(ErrorMessage = "바꿀 상태를 골라 주세요.")]
        public ReportStatus? Status { get; set; }

        public int? DuplicateOf { get; set; }

        /// The report's version when the admin opened the page: a change made by someone else
        /// in between is not silently overwritten.
        public uint Version { get; set; }
    }

    public sealed class NoteInput
    {
        [Required(ErrorMessage = "메모 내용을 적어 주세요.")]
        [StringLength(ReportNote.TextMaxLength, ErrorMessage = "메모는 {1}자까지 쓸 수 있어요.")]
        public string Text { get; set; } = "";
    }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) =>
        await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostStatusAsync(int id, CancellationToken ct)
    {
        ModelState.Clear();
        if (!TryValidateModel(Status, nameof(Status)))
        {
            return await ProblemAsync(id, StatusCodes.Status400BadRequest, ct);
        }
        var report = await db.Set<ProblemReport>().Include(r => r.Reporter).FirstOrDefaultAsync(r => r.Id == id, ct);
        if (report is null)
        {
            return NotFound();
        }
        var target = Status.Status!.Value;
        var error = await CheckTransitionAsync(report, target, Status.DuplicateOf, ct);
        if (error is not null)
        {
            ModelState.AddModelError("Status.Status", error);
            return await ProblemAsync(id, StatusCodes.Status400BadRequest, ct);
        }

        var now = clock.GetUtcNow();
        var before = new { status = report.Status.ToString(), duplicateOf = report.DuplicateOfId };
        var beforeLabel = Describe(report.Status, report.DuplicateOfId);
        db.Entry(report).Property(r => r.Version).OriginalValue = Status.Version;
        report.Status = target;
        report.DuplicateOfId = target == ReportStatus.Duplicate ? Status.DuplicateOf : null;
        report.UpdatedAt = now;
        report.Events.Add(new ReportEvent
        {
            ActorId = AuditLog.ActorId(User),
            ActorName = AuditLog.ActorName(User),
            Change = "status",
            Before = beforeLabel,
            After = Describe(report.Status, report.DuplicateOfId),
            At = now,
        });
        audit.Record(db, User, AuditActions.ReportStatus, "report", id.ToString(CultureInfo.InvariantCulture),
            before, new { status = report.Status.ToString(), duplicateOf = report.DuplicateOfId });
        var mailed = false;
        if (target is ReportStatus.Fixed or ReportStatus.WontFix)
        {
            var accountEmail = report.Reporter is { IsDeleted: false } reporter ? reporter.Email : null;
            mailed = await resolutionMail.QueueAsync(db, report, accountEmail, ct);
        }
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            if (target == ReportStatus.Fixed && report.ReporterId is { } reporterId)
            {
                // An accepted report counts toward the reporter's achievements, in the same transaction.
                await progress.RecordActivityAsync(db, reporterId, ActivityKind.ReportAccepted, $"report:{id}", now, ct);
            }
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || OutboxMessage.IsDuplicate(e))
        {
            db.ChangeTracker.Clear();
            ModelState.AddModelError(string.Empty, "다른 관리자가 방금 이 신고를 바꿨어요. 바뀐 내용을 확인한 뒤 다시 시도해 주세요.");
            return await ProblemAsync(id, StatusCodes.Status409Conflict, ct);
        }
        TempData["AdminMessage"] = $"신고 #{id}의 상태를 '{target.Label()}'(으)로 바꿨어요." + (mailed ? " 신고자에게 결과 메일을 보내요." : "");
        return RedirectToPage("/Reports/Admin/Detail", new { id });
    }

    public async Task<IActionResult> OnPostNoteAsync(int id, CancellationToken ct)
    {
        ModelState.Clear();
        if (!TryValidateModel(Note, nameof(Note)) || string.IsNullOrWhiteSpace(Note.Text))
        {
            ModelState.AddModelError("Note.Text", "메모 내용을 적어 주세요.");
            return await ProblemAsync(id, StatusCodes.Status400BadRequest, ct);
        }
        if (!await db.Set<ProblemReport>().AnyAsync(r => r.Id == id, ct))
        {
            return NotFound();
        }
        var now = clock.GetUtcNow();
        var text = Note.Text.Trim();
        var note = new ReportNote { ReportId = id, AuthorId = AuditLog.ActorId(User), AuthorName = AuditLog.ActorName(User), Text = text, CreatedAt = now };
        db.Add(note);
        db.Add(new ReportEvent { ReportId = id, ActorId = note.AuthorId, ActorName = note.AuthorName, Change = "note", After = text, At = now });
        audit.Record(db, User, AuditActions.ReportNote, "report", id.ToString(CultureInfo.InvariantCulture), null, new { note = text });
        await db.SaveChangesAsync(ct);
        TempData["AdminMessage"] = "메모를 남겼어요.";
        return RedirectToPage("/Reports/Admin/Detail", new { id });
    }

    public static string Describe(ReportStatus status, int? duplicateOf) =>
        status == ReportStatus.Duplicate ? $"{status.Label()} (#{duplicateOf})" : status.Label();

    private async Task<string?> CheckTransitionAsync(ProblemReport report, ReportStatus target, int? duplicateOf, CancellationToken ct)
    {
        if (target == ReportStatus.New)
        {
            return "'새 신고'로는 되돌릴 수 없어요. 다시 볼 신고는 '분류됨'으로 바꿔 주세요.";
        }
        if (target != ReportStatus.Duplicate && target == report.Status)
        {
            return $"이미 '{target.Label()}' 상태예요.";
        }
        if (target != ReportStatus.Duplicate)
        {
            return null;
        }
        if (duplicateOf is not { } original)
        {
            return "어떤 신고의 중복인지 번호를 적어 주세요.";
        }
        if (original == report.Id)
        {
            return "자기 자신의 중복으로 표시할 수 없어요.";
        }
        if (original == report.DuplicateOfId && report.Status == ReportStatus.Duplicate)
        {
            return $"이미 #{original}의 중복이에요.";
        }
        var originalStatus = await db.Set<ProblemReport>().Where(r => r.Id == original).Select(r => (ReportStatus?)r.Status).FirstOrDefaultAsync(ct);
        return originalStatus switch
        {
            null => $"#{original} 신고가 없어요.",
            ReportStatus.Duplicate => $"#{original}도 다른 신고의 중복이에요. 원래 신고의 번호를 적어 주세요.",
            _ => null,
        };
    }

    private async Task<IActionResult> ProblemAsync(int id, int status, CancellationToken ct)
    {
        Response.StatusCode = status;
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        var report = await db.Set<ProblemReport>().AsNoTracking()
            .Where(r => r.Id == id)
            .Select(r => new ReportView(
                r.Id, r.Status, r.DuplicateOfId, r.Category, r.Description, r.SelectedText, r.PageUrl, r.UserAgent,
                r.LessonId, r.Lesson == null ? null : r.Lesson.Title, r.Lesson == null ? null : r.Lesson.Course.Title,
                r.LessonRevisionNumber, r.Lesson == null ? null : (int?)r.Lesson.RevisionNumber,
                r.LessonRevision == null ? null : r.LessonRevision.BodyHtml,
                r.ReporterId, r.Reporter == null ? null : r.Reporter.DisplayName, r.Reporter == null ? null : r.Reporter.Email,
                r.ContactEmail, r.CreatedAt, r.UpdatedAt, r.Version))
            .FirstOrDefaultAsync(ct);
        if (report is null)
        {
            return false;
        }
        Report = report;
        Selection = report.RevisionHtml is null ? null : SelectionContext.Find(report.RevisionHtml, report.SelectedText);
        Notes = await db.Set<ReportNote>().AsNoTracking().Where(n => n.ReportId == id).OrderBy(n => n.CreatedAt).ThenBy(n => n.Id).ToListAsync(ct);
        History = await db.Set<ReportEvent>().AsNoTracking().Where(e => e.ReportId == id).OrderBy(e => e.At).ThenBy(e => e.Id).ToListAsync(ct);
        // A form sent back for a mistake keeps the version it was opened with; otherwise the
        // admin now acts on what the page shows.
        if (Response.StatusCode != StatusCodes.Status400BadRequest)
        {
            Status.Version = report.Version;
        }
        return true;
    }

    public sealed record ReportView(
        int Id, ReportStatus Status, int? DuplicateOf, ReportCategory Category, string Description, string? SelectedText,
        string PageUrl, string? UserAgent, int? LessonId, string? LessonTitle, string? CourseTitle, int? RevisionNumber,
        int? CurrentRevisionNumber, string? RevisionHtml, string? ReporterId, string? ReporterName, string? ReporterEmail,
        string? ContactEmail, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, uint Version);
}
