using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Platform.Web.Infrastructure.Localization;
using Platform.Web.Infrastructure.Data;

using Platform.Web.Features.Admin;

namespace Platform.Web.Features.Reports.Admin;

/// The report queue: open reports first by default, filtered by status, course, lesson, category.
public sealed class AdminReportsModel(PlatformDbContext db, ReportWorkflow workflow, IStringLocalizer<AdminText> text) : PageModel
{
    /// Statuses a selection can be moved to at once; a duplicate needs its original, one at a time, and
    /// nothing goes back to New (the workflow refuses it).
    public static readonly IReadOnlyList<ReportStatus> BulkStatuses = [ReportStatus.Triaged, ReportStatus.Fixed, ReportStatus.WontFix];

    [BindProperty]
    public BulkSelection Bulk { get; set; } = new();

    public string? BulkError { get; private set; }

    public const string OpenFilter = "open";
    public const string AllFilter = "all";
    private const int PageSize = 30;

    public string Status { get; private set; } = OpenFilter;

    public string? Course { get; private set; }

    public int? Lesson { get; private set; }

    public ReportCategory? Category { get; private set; }

    public IReadOnlyList<QueueRow> Rows { get; private set; } = [];

    public Paging Paging { get; private set; } = Paging.For(1, PageSize, 0);

    public IReadOnlyList<(string Slug, string Title)> Courses { get; private set; } = [];

    public IReadOnlyList<(int Id, string Course, string Title)> Lessons { get; private set; } = [];

    /// One status for several reports: each goes through the same workflow call as the detail page
    /// (its history row, audit row and any resolution mail, in its own transaction).
    public async Task<IActionResult> OnPostBulkAsync(string? status, string? course, int? lesson, ReportCategory? category, int? pageIndex, CancellationToken ct)
    {
        ModelState.Clear();
        var invalid = Bulk.Check(text);
        ReportStatus target = default;
        if (invalid is null && !(Enum.TryParse(Bulk.Action, ignoreCase: false, out target) && BulkStatuses.Contains(target)))
        {
            invalid = text["Bulk.UnknownAction"].Value;
        }
        if (invalid is not null)
        {
            BulkError = invalid;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await OnGetAsync(status, course, lesson, category, pageIndex, ct);
            return Page();
        }
        int changed = 0, mailed = 0;
        var skipped = new List<string>();
        foreach (var id in Bulk.Ids.Distinct())
        {
            if (id is <= 0 or > int.MaxValue)
            {
                skipped.Add(text["Bulk.Reports.Missing", id].Value);
                continue;
            }
            // The version the admin saw is what makes a change to a report someone else just moved a
            // conflict; an id sent without one was not seen on the page.
            if (!Bulk.Versions.TryGetValue(id, out var version))
            {
                skipped.Add(text["Bulk.Reports.Conflict", id].Value);
                continue;
            }
            switch (await workflow.ChangeStatusAsync((int)id, target, null, version, User, ct))
            {
                case ReportChange.Done done:
                    changed++;
                    mailed += done.Mailed ? 1 : 0;
                    break;
                case ReportChange.Refused refused:
                    skipped.Add(text["Bulk.Reports.Refused", id, refused.Reason].Value);
                    break;
                case ReportChange.Conflict:
                    skipped.Add(text["Bulk.Reports.Conflict", id].Value);
                    break;
                default:
                    skipped.Add(text["Bulk.Reports.Missing", id].Value);
                    break;
            }
        }
        var message = text["Bulk.Reports.Changed", changed, target.Label()].Value;
        if (mailed > 0)
        {
            message += " " + text["Bulk.Reports.Mailed", mailed].Value;
        }
        if (skipped.Count > 0)
        {
            message += " " + text["Bulk.Skipped", skipped.Count, string.Join(", ", skipped)].Value;
        }
        TempData["AdminMessage"] = message;
        return RedirectToPage("/Reports/Admin/Index", new { status, course, lesson, category, pageIndex });
    }

    public async Task OnGetAsync(string? status, string? course, int? lesson, ReportCategory? category, int? pageIndex, CancellationToken ct)
    {
        Status = status is null ? OpenFilter : status;
        Course = string.IsNullOrWhiteSpace(course) ? null : course;
        Lesson = lesson;
        Category = category;

        var query = db.Set<ProblemReport>().AsNoTracking();
        if (Status == OpenFilter)
        {
            query = query.Where(r => r.Status == ReportStatus.New || r.Status == ReportStatus.Triaged);
        }
        else if (Enum.TryParse<ReportStatus>(Status, ignoreCase: true, out var exact))
        {
            query = query.Where(r => r.Status == exact);
        }
        else
        {
            Status = AllFilter;
        }
        if (Course is not null)
        {
            query = query.Where(r => r.Lesson != null && r.Lesson.Course.Slug == Course);
        }
        if (Lesson is { } lessonId)
        {
            query = query.Where(r => r.LessonId == lessonId);
        }
        if (Category is { } wanted)
        {
            query = query.Where(r => r.Category == wanted);
        }

        Paging = Paging.For(pageIndex, PageSize, await query.CountAsync(ct));
        Rows = await query
            .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id)
            .Skip(Paging.Skip).Take(Paging.Size)
            .Select(r => new QueueRow(
                r.Id,
                r.Status,
                r.Category,
                r.Lesson == null ? null : r.Lesson.Course.Slug + "/" + r.Lesson.Slug,
                r.Lesson == null ? null : r.Lesson.Title,
                r.PageUrl,
                r.Description,
                r.Reporter == null ? (r.ContactEmail ?? Localized.Text<ReportsText>("Visitor")) : r.Reporter.DisplayName,
                r.CreatedAt,
                r.Version))
            .ToListAsync(ct);

        Courses = (await db.Courses.AsNoTracking().OrderBy(c => c.Title).Select(c => new { c.Slug, c.Title }).ToListAsync(ct))
            .Select(c => (c.Slug, c.Title)).ToList();
        Lessons = (await db.Lessons.AsNoTracking()
                .Where(l => Course == null || l.Course.Slug == Course)
                .OrderBy(l => l.Course.Title).ThenBy(l => l.Module.Position).ThenBy(l => l.Position)
                .Select(l => new { l.Id, Course = l.Course.Title, l.Title }).ToListAsync(ct))
            .Select(l => (l.Id, l.Course, l.Title)).ToList();
    }

    public Pager Pager => new(Paging, "/Reports/Admin/Index", ("status", Status), ("course", Course), ("lesson", Lesson), ("category", Category));

    public sealed record QueueRow(
        int Id, ReportStatus Status, ReportCategory Category, string? LessonKey, string? LessonTitle, string PageUrl,
        string Description, string Reporter, DateTimeOffset CreatedAt, uint Version);
}
