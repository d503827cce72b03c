using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Platform.Web.Infrastructure.Data;

namespace Platform.Web.Features.Lessons;

public sealed class TagPageModel(PlatformDbContext db) : PageModel
{
    public string Tag { get; private set; } = "";

    public List<TaggedLesson> Lessons { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? tag, CancellationToken ct)
    {
        Tag = (tag ?? "").Trim().ToLowerInvariant();
        if (Tag.Length == 0)
        {
            return NotFound();
        }
        Lessons = await db.Lessons.AsNoTracking()
            .Where(l => l.Status == LessonStatus.Published && l.Course.IsPublished && l.Tags.Contains(Tag))
            .OrderBy(l => l.Course.Slug).ThenBy(l => l.Module.Position).ThenBy(l => l.Position)
            .Select(l => new TaggedLesson(l.Course.Slug, l.Course.Title,
                new LessonRow(l.Slug, l.Title, l.Summary, l.Minutes, l.Tags, false)))
            .ToListAsync(ct);
        return Lessons.Count == 0 ? NotFound() : Page();
    }
}

public sealed record TaggedLesson(string CourseSlug, string CourseTitle, LessonRow Lesson);
