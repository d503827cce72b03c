using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Platform.Web.Features.Progress;
using Platform.Web.Infrastructure.Data;
using Platform.Web.Features.Account;

namespace Platform.Web.Features.Lessons;

public sealed class CoursePageModel(PlatformDbContext db, ProgressReader progress) : PageModel
{
    public CourseView Course { get; private set; } = null!;

    /// The learner's completions (`course/lesson`); null for a visitor, whose marks come from the browser.
    public IReadOnlyDictionary<string, DateTimeOffset>? Completed { get; private set; }

    public CourseProgressView Progress { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string course, CancellationToken ct)
    {
        var isAdmin = User.IsInRole("Admin");
        var found = await db.Courses.AsNoTracking()
            .Where(c => c.Slug == course && c.IsPublished)
            .Select(c => new CourseView(
                c.Slug,
                c.Title,
                c.Description,
                c.Modules
                    .OrderBy(m => m.Position)
                    .Select(m => new ModuleView(
                        m.Title,
                        m.Lessons
                            .Where(l => l.Status == LessonStatus.Published || (isAdmin && l.Status == LessonStatus.Draft))
                            .OrderBy(l => l.Position).ThenBy(l => l.Slug)
                            .Select(l => new LessonRow(l.Slug, l.Title, l.Summary, l.Minutes, l.Tags, l.Status == LessonStatus.Draft))
                            .ToList()))
                    .ToList()))
            .FirstOrDefaultAsync(ct);
        if (found is null)
        {
            return NotFound();
        }
        Course = found with { Modules = found.Modules.Where(m => m.Lessons.Count > 0).ToList() };
        if (User.UserId() is { } userId)
        {
            Completed = await progress.CompletedAsync(userId, ct);
        }
        var published = Course.Modules.SelectMany(m => m.Lessons).Where(l => !l.IsDraft).Select(l => ($"{Course.Slug}/{l.Slug}", l.Title)).ToList();
        Progress = CourseProgressView.For(Course.Slug, published, Completed);
        return Page();
    }
}

public sealed record CourseView(string Slug, string Title, string Description, List<ModuleView> Modules)
{
    public int LessonCount => Modules.Sum(m => m.Lessons.Count(l => !l.IsDraft));

    public int Minutes => Modules.Sum(m => m.Lessons.Where(l => !l.IsDraft).Sum(l => l.Minutes));
}

public sealed record ModuleView(string Title, List<LessonRow> Lessons);

public sealed record LessonRow(string Slug, string Title, string Summary, int Minutes, List<string> Tags, bool IsDraft);
