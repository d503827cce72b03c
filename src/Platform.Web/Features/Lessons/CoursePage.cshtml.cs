using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Platform.Web.Features.Progress;
using Platform.Web.Infrastructure.Caching;
using Platform.Web.Features.Account;

namespace Platform.Web.Features.Lessons;

[OutputCache(PolicyName = PageCache.CatalogPolicy)]
public sealed class CoursePageModel(LessonCatalog catalog, ProgressReader progress) : PageModel
{
    public CourseView Course { get; private set; } = null!;

    /// The learner's completions (`course/lesson`); null for a visitor, whose marks come from the browser.
    public IReadOnlyDictionary<string, DateTimeOffset>? Completed { get; private set; }

    public CourseProgressView Progress { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string? course, CancellationToken ct)
    {
        var isAdmin = User.IsInRole("Admin");
        if ((await catalog.CurrentAsync()).Course(course) is not { } found)
        {
            return NotFound();
        }
        Course = new CourseView(
            found.Slug,
            found.Title,
            found.Description,
            found.Modules
                .Select(m => new ModuleView(m.Title, m.Lessons.Where(l => l.IsVisibleTo(isAdmin)).Select(LessonRow.Of).ToList()))
                .Where(m => m.Lessons.Count > 0)
                .ToList(),
            found.PublishedLessons.Count(),
            found.PublishedMinutes);
        if (User.UserId() is { } userId)
        {
            Completed = await progress.CompletedAsync(userId, ct);
        }
        Progress = CourseProgressView.For(Course.Slug, found.PublishedLessons.Select(l => (l.Key, l.Title)).ToList(), Completed);
        return Page();
    }
}

/// <paramref name="LessonCount"/> and <paramref name="Minutes"/> count published lessons only
/// (an admin's outline also lists drafts).
public sealed record CourseView(string Slug, string Title, string Description, List<ModuleView> Modules, int LessonCount, int Minutes);

public sealed record ModuleView(string Title, List<LessonRow> Lessons);

public sealed record LessonRow(string Slug, string Title, string Summary, int Minutes, List<string> Tags, bool IsDraft)
{
    public static LessonRow Of(CatalogEntry entry) =>
        new(entry.Slug, entry.Title, entry.Summary, entry.Minutes, entry.Tags, entry.Status == LessonStatus.Draft);
}
