using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Platform.Web.Features.Lessons;
using Platform.Web.Infrastructure.Data;

namespace Platform.Web.Features;

/// The catalog: published courses with their module and lesson counts and total minutes.
public sealed class IndexModel(PlatformDbContext db) : PageModel
{
    public List<CourseCard> Courses { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Courses = await db.Courses.AsNoTracking()
            .Where(c => c.IsPublished)
            .OrderBy(c => c.Slug)
            .Select(c => new CourseCard(
                c.Slug,
                c.Title,
                c.Description,
                c.Modules.Count(m => m.Lessons.Any(l => l.Status == LessonStatus.Published)),
                c.Lessons.Count(l => l.Status == LessonStatus.Published),
                c.Lessons.Where(l => l.Status == LessonStatus.Published).Sum(l => l.Minutes)))
            .ToListAsync(ct);
    }
}

public sealed record CourseCard(string Slug, string Title, string Description, int ModuleCount, int LessonCount, int Minutes);
