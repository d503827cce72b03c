using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Platform.Web.Features.Lessons;
using Platform.Web.Features.Progress;
using Platform.Web.Infrastructure.Caching;
using Platform.Web.Features.Account;

namespace Platform.Web.Features;

/// The catalog: published courses with their module and lesson counts and total minutes.
[OutputCache(PolicyName = PageCache.CatalogPolicy)]
public sealed class IndexModel(LessonCatalog catalog, ProgressReader progress) : PageModel
{
    public List<CourseCard> Courses { get; private set; } = [];

    /// Per course: the learner's progress, or a visitor's zero state that progress.js fills in.
    public Dictionary<string, CourseProgressView> Progress { get; } = new(StringComparer.Ordinal);

    public async Task OnGetAsync(CancellationToken ct)
    {
        Courses = (await catalog.CurrentAsync()).Courses
            .Select(c => new CourseCard(
                c.Slug,
                c.Title,
                c.Description,
                c.PublishedModuleCount,
                c.PublishedLessons.Count(),
                c.PublishedMinutes))
            .ToList();
        if (User.UserId() is { } userId)
        {
            var catalog = await progress.CatalogAsync(ct);
            var completed = await progress.CompletedAsync(userId, ct);
            foreach (var course in Courses)
            {
                var lessons = catalog.Where(l => l.CourseSlug == course.Slug).Select(l => (l.Key, l.Title)).ToList();
                Progress[course.Slug] = CourseProgressView.For(course.Slug, lessons, completed);
            }
        }
        else
        {
            foreach (var course in Courses)
            {
                Progress[course.Slug] = new CourseProgressView(course.Slug, 0, course.LessonCount, null, null, false);
            }
        }
    }
}

public sealed record CourseCard(string Slug, string Title, string Description, int ModuleCount, int LessonCount, int Minutes);
