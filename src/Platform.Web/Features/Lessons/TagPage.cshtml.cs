using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Platform.Web.Infrastructure.Caching;

namespace Platform.Web.Features.Lessons;

[OutputCache(PolicyName = PageCache.CatalogPolicy)]
public sealed class TagPageModel(LessonCatalog catalog) : PageModel
{
    public string Tag { get; private set; } = "";

    public List<TaggedLesson> Lessons { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? tag)
    {
        Tag = (tag ?? "").Trim().ToLowerInvariant();
        if (Tag.Length == 0)
        {
            return NotFound();
        }
        Lessons = (await catalog.CurrentAsync()).Published
            .Where(l => l.Tags.Contains(Tag))
            .Select(l => new TaggedLesson(l.CourseSlug, l.CourseTitle, LessonRow.Of(l)))
            .ToList();
        return Lessons.Count == 0 ? NotFound() : Page();
    }
}

public sealed record TaggedLesson(string CourseSlug, string CourseTitle, LessonRow Lesson);
