using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Platform.Web.Infrastructure.Caching;

namespace Platform.Web.Features.Lessons;

/// The lesson page: the lesson, its HTML and the course outline come from the in-memory catalog,
/// so the page itself asks the database nothing once warm (a learner's personal parts come in one
/// statement, see SignedInLearner).
[OutputCache(PolicyName = PageCache.LessonPolicy)]
public sealed class LessonPageModel(LessonCatalog catalog) : PageModel
{
    /// The lesson as the read model holds it, and its current revision's HTML.
    public CatalogEntry Lesson { get; private set; } = null!;

    public LessonBody Body { get; private set; } = null!;

    /// Every published lesson of the site: the progress strip's denominator.
    public int PublishedLessonsTotal { get; private set; }

    public int PositionInModule { get; private set; }

    public int ModuleLessonCount { get; private set; }

    public OutlineItem? Previous { get; private set; }

    public OutlineItem? Next { get; private set; }

    /// The course's lessons in order (with module titles), for the outline one click away.
    public IReadOnlyList<OutlineItem> Outline { get; private set; } = [];

    public string Key => Lesson.Key;

    public async Task<IActionResult> OnGetAsync(string course, string lesson)
    {
        var isAdmin = User.IsInRole("Admin");
        var snapshot = await catalog.CurrentAsync();
        var entry = snapshot.Lesson(new LessonKey(course, lesson));
        if (entry is null || !entry.IsVisibleTo(isAdmin) || snapshot.Course(course) is not { } owner
            || await catalog.BodyAsync(entry.Id) is not { } body)
        {
            return NotFound();
        }
        Lesson = entry;
        Body = body;
        PublishedLessonsTotal = snapshot.Published.Count;
        PageCache.TagLesson(HttpContext, entry.Id);

        var outline = snapshot.Outline(owner, isAdmin);
        var index = outline.ToList().FindIndex(o => o.Id == entry.Id);
        var module = outline.Where(o => o.ModuleId == entry.ModuleId).ToList();
        PositionInModule = module.FindIndex(o => o.Id == entry.Id) + 1;
        Outline = outline.Select(e => OutlineItem.Of(e) with { ModuleTitle = e.ModuleTitle }).ToList();
        ModuleLessonCount = module.Count;
        Previous = index > 0 ? OutlineItem.Of(outline[index - 1]) : null;
        Next = index + 1 < outline.Count ? OutlineItem.Of(outline[index + 1]) : null;
        return Page();
    }
}

public sealed record OutlineItem(int Id, int ModuleId, string Slug, string Title)
{
    public string ModuleTitle { get; init; } = "";

    public static OutlineItem Of(CatalogEntry entry) => new(entry.Id, entry.ModuleId, entry.Slug, entry.Title);
}
