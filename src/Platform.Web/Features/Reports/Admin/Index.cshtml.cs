using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Platform.Web.Infrastructure.Localization;
using Platform.Web.Infrastructure.Data;

using Platform.Web.Features.Admin;

namespace Platform.Web.Features.Reports.Admin;

/// The report queue: open reports first by default, filtered by status, course, lesson, category.
public sealed class AdminReportsModel(PlatformDbContext db) : PageModel
{
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
                r.CreatedAt))
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
        string Description, string Reporter, DateTimeOffset CreatedAt);
}
