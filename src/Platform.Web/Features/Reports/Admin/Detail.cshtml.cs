using Platform.Web.Infrastructure.Localization;
using Platform.Web.Infrastructure.Security;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Platform.Web.Infrastructure.Data;

namespace Platform.Web.Features.Reports.Admin;

/// One report: what the reader sent, the selection in its paragraph of the revision they saw,
/// the workflow (New → Triaged → Fixed / Won't fix / Duplicate of #N), notes and history.
[BodyLimit(ReportNote.TextMaxLength * RequestBodyLimit.PerFormCharacter + RequestBodyLimit.FormOverhead)]
public sealed class AdminReportModel(PlatformDbContext db, ReportWorkflow workflow) : PageModel
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
        [Required(ErrorMessage = "Validation.ReportStatus")]
        public ReportStatus? Status { get; set; }

        public int? DuplicateOf { get; set; }

        /// The report's version when the admin opened the page: a change made by someone else
        /// in between is not silently overwritten.
        public uint Version { get; set; }
    }

    public sealed class NoteInput
    {
        [Required(ErrorMessage = "Validation.NoteRequired")]
        [StringLength(ReportNote.TextMaxLength, ErrorMessage = "Validation.NoteLength")]
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
        var target = Status.Status!.Value;
        switch (await workflow.ChangeStatusAsync(id, target, Status.DuplicateOf, Status.Version, User, ct))
        {
            case ReportChange.NotFound:
                return NotFound();
            case ReportChange.Refused refused:
                ModelState.AddModelError("Status.Status", refused.Reason);
                return await ProblemAsync(id, StatusCodes.Status400BadRequest, ct);
            case ReportChange.Conflict:
                ModelState.AddModelError(string.Empty, Localized.Text<ReportsText>("Detail.Conflict"));
                return await ProblemAsync(id, StatusCodes.Status409Conflict, ct);
            case ReportChange.Done done:
                TempData["AdminMessage"] = Localized.Text<ReportsText>("Detail.StatusSaved", id, target.Label()) + (done.Mailed ? Localized.Text<ReportsText>("Detail.Mailed") : "");
                return RedirectToPage("/Reports/Admin/Detail", new { id });
            default:
                throw new InvalidOperationException("Unknown report change.");
        }
    }

    public async Task<IActionResult> OnPostNoteAsync(int id, CancellationToken ct)
    {
        ModelState.Clear();
        if (!TryValidateModel(Note, nameof(Note)) || string.IsNullOrWhiteSpace(Note.Text))
        {
            ModelState.AddModelError("Note.Text", Localized.Text<ReportsText>("Detail.NoteEmpty"));
            return await ProblemAsync(id, StatusCodes.Status400BadRequest, ct);
        }
        if (!await workflow.AddNoteAsync(id, Note.Text, User, ct))
        {
            return NotFound();
        }
        TempData["AdminMessage"] = Localized.Text<ReportsText>("Detail.NoteSaved");
        return RedirectToPage("/Reports/Admin/Detail", new { id });
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
