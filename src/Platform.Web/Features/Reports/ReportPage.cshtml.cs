using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Platform.Web.Features.Lessons;
using Platform.Web.Features.Account;
using Platform.Web.Infrastructure.Data;
using Platform.Web.Infrastructure.Localization;
using Platform.Web.Infrastructure.Security;
using Platform.Web.Infrastructure.Telemetry;

namespace Platform.Web.Features.Reports;

/// "문제 신고": a plain form that works without script; report-dialog.js opens the same form in
/// a dialog on any page. Visitors may leave an address; learners are linked to their account.
// Description, selected text, page address, e-mail.
[BodyLimit((ProblemReport.DescriptionMaxLength + ProblemReport.SelectedTextMaxLength + ProblemReport.PageUrlMaxLength + 320)
    * RequestBodyLimit.PerFormCharacter + RequestBodyLimit.FormOverhead)]
public sealed class ReportPageModel(
    PlatformDbContext db, UserManager<User> users, FormRateLimits limits, TimeProvider clock) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public string? LessonTitle { get; private set; }

    public bool SignedIn { get; private set; }

    public string? BlockedMessage { get; private set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Validation.ReportCategory")]
        public ReportCategory? Category { get; set; }

        [Required(ErrorMessage = "Validation.ReportDescription")]
        [StringLength(ProblemReport.DescriptionMaxLength, MinimumLength = ProblemReport.DescriptionMinLength,
            ErrorMessage = "Validation.ReportDescriptionLength")]
        public string Description { get; set; } = "";

        [StringLength(ProblemReport.SelectedTextMaxLength, ErrorMessage = "Validation.ReportSelectedLength")]
        public string? SelectedText { get; set; }

        [EmailAddress(ErrorMessage = "Validation.EmailFormat")]
        [StringLength(320, ErrorMessage = "Validation.EmailTooLong")]
        public string? ContactEmail { get; set; }

        /// "course/lesson" when the report is about a lesson.
        public string? Lesson { get; set; }

        /// The revision number the reader saw.
        public int? Revision { get; set; }

        /// The page the reader came from.
        public string? From { get; set; }

        /// The honeypot: hidden from people, filled in by form-filling bots.
        public string? Website { get; set; }
    }

    public async Task OnGetAsync(string? lesson, int? revision, string? from, CancellationToken ct)
    {
        Input.Lesson = lesson;
        Input.Revision = revision;
        Input.From = LocalPath(from) ?? LocalPath(RefererPath());
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (await limits.TryAcquireAsync(RateLimits.Reports, HttpContext) is { } retryAfter)
        {
            var minutes = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalMinutes));
            ModelState.AddModelError(string.Empty, Localized.Text<ReportsText>("Validation.TooOften", minutes));
            return StatusPage(StatusCodes.Status429TooManyRequests);
        }
        // A bot that filled the hidden field is thanked like anyone (so it learns nothing) and
        // nothing is stored.
        if (!string.IsNullOrEmpty(Input.Website))
        {
            return RedirectToPage("./ReportThanks", new { from = LocalPath(Input.From) });
        }
        if (BlockedMessage is not null)
        {
            ModelState.AddModelError(string.Empty, BlockedMessage);
            return StatusPage(StatusCodes.Status403Forbidden);
        }
        if (!ModelState.IsValid)
        {
            return StatusPage(StatusCodes.Status400BadRequest);
        }

        var target = await FindLessonAsync(Input.Lesson, ct);
        long? revisionId = null;
        int? revisionNumber = null;
        if (target is not null)
        {
            var wanted = Input.Revision ?? target.RevisionNumber;
            var revision = await db.LessonRevisions.AsNoTracking()
                .Where(r => r.LessonId == target.Id && (r.Number == wanted || r.Number == target.RevisionNumber))
                .OrderByDescending(r => r.Number == wanted)
                .Select(r => new { r.Id, r.Number })
                .FirstOrDefaultAsync(ct);
            revisionId = revision?.Id;
            revisionNumber = revision?.Number;
        }

        var now = clock.GetUtcNow();
        var userId = SignedIn ? User.UserId() : null;
        var pageUrl = LocalPath(Input.From) ?? (target is null ? "/" : new LessonKey(target.CourseSlug, target.Slug).Path);
        var report = new ProblemReport
        {
            LessonId = target?.Id,
            LessonRevisionId = revisionId,
            LessonRevisionNumber = revisionNumber,
            PageUrl = Truncate(pageUrl, ProblemReport.PageUrlMaxLength)!,
            Category = Input.Category!.Value,
            Description = Input.Description.Trim(),
            SelectedText = Truncate(Normalize(Input.SelectedText), ProblemReport.SelectedTextMaxLength),
            UserAgent = Truncate(Request.Headers.UserAgent.ToString(), ProblemReport.UserAgentMaxLength),
            ReporterId = userId,
            ContactEmail = userId is null ? Normalize(Input.ContactEmail) : null,
            CreatedAt = now,
            UpdatedAt = now,
        };
        if (report.Description.Length < ProblemReport.DescriptionMinLength)
        {
            ModelState.AddModelError("Input.Description", Localized.Text<ReportsText>("Validation.DescriptionMin", ProblemReport.DescriptionMinLength));
            return StatusPage(StatusCodes.Status400BadRequest);
        }
        report.Events.Add(new ReportEvent
        {
            ActorId = userId,
            // A visitor has no name: the history says "visitor" in the admin's language.
            ActorName = userId is null ? "" : AccountClaims.DisplayNameOf(User) ?? "",
            Change = "created",
            After = ReportStatus.New.HistoryCode(null),
            At = now,
        });
        db.Add(report);
        await db.SaveChangesAsync(ct);
        PlatformMetrics.ReportsSubmitted.Add(1);
        return RedirectToPage("./ReportThanks", new { from = report.PageUrl });
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        SignedIn = User.Identity?.IsAuthenticated == true;
        if (SignedIn && await users.GetUserAsync(User) is { } user && Blocks.IsBlocked(user, clock.GetUtcNow()))
        {
            BlockedMessage = Blocks.Explain(user);
        }
        LessonTitle = (await FindLessonAsync(Input.Lesson, ct))?.Title;
    }

    private PageResult StatusPage(int status)
    {
        Response.StatusCode = status;
        return Page();
    }

    // Only what readers can see: a draft's title is not told through this form.
    private Task<LessonTarget?> FindLessonAsync(string? key, CancellationToken ct) =>
        db.Lessons.AsNoTracking().FindPublishedAsync(key,
            l => new LessonTarget(l.Id, l.Course.Slug, l.Slug, l.Title, l.RevisionNumber), ct);

    private string? RefererPath() =>
        Uri.TryCreate(Request.Headers.Referer.ToString(), UriKind.Absolute, out var referer)
            && string.Equals(referer.Host, Request.Host.Host, StringComparison.OrdinalIgnoreCase)
            && !referer.AbsolutePath.StartsWith("/report", StringComparison.OrdinalIgnoreCase)
                ? referer.PathAndQuery
                : null;

    /// A path on this site ("/x", never "//host" or "https://..."), or null.
    private string? LocalPath(string? path) =>
        !string.IsNullOrWhiteSpace(path) && path.Length <= ProblemReport.PageUrlMaxLength && Url.IsLocalUrl(path) && path.StartsWith('/')
            ? path
            : null;

    private static string? Normalize(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string? Truncate(string? text, int max) => text is null || text.Length <= max ? text : text[..max];

    private sealed record LessonTarget(int Id, string CourseSlug, string Slug, string Title, int RevisionNumber);
}
