using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Platform.Web.Infrastructure.Caching;
using Platform.Web.Infrastructure.Data;

namespace Platform.Web.Features.Lessons;

/// The lesson page: stored HTML of the current revision plus the course outline, in two queries
/// whatever the length of the lesson.
[OutputCache(PolicyName = PageCache.LessonPolicy)]
public sealed class LessonPageModel(PlatformDbContext db) : PageModel
{
    public LessonView Lesson { get; private set; } = null!;

    public int PositionInModule { get; private set; }

    public int ModuleLessonCount { get; private set; }

    public OutlineItem? Previous { get; private set; }

    public OutlineItem? Next { get; private set; }

    /// The course's lessons in order (with module titles), for the outline one click away.
    public IReadOnlyList<OutlineItem> Outline { get; private set; } = [];

    public string Key => $"{Lesson.CourseSlug}/{Lesson.Slug}";

    public async Task<IActionResult> OnGetAsync(string course, string lesson, CancellationToken ct)
    {
        var isAdmin = User.IsInRole("Admin");
        var found = await (
            from l in db.Lessons.AsNoTracking()
            join r in db.LessonRevisions on new { LessonId = l.Id, Number = l.RevisionNumber } equals new { r.LessonId, r.Number }
            where l.Course.Slug == course && l.Slug == lesson && l.Course.IsPublished
                && (l.Status == LessonStatus.Published || (isAdmin && l.Status == LessonStatus.Draft))
            select new LessonView(
                l.Id,
                l.CourseId,
                l.Course.Slug,
                l.Course.Title,
                l.ModuleId,
                l.Module.Title,
                l.Slug,
                l.Title,
                l.Summary,
                l.Minutes,
                l.Tags,
                l.Status,
                r.BodyHtml,
                r.TocHtml,
                r.LinksHtml,
                r.ExerciseHtml,
                db.Lessons.Count(x => x.Status == LessonStatus.Published && x.Course.IsPublished),
                r.Number))
            .FirstOrDefaultAsync(ct);
        if (found is null)
        {
            return NotFound();
        }
        Lesson = found;
        PageCache.TagLesson(HttpContext, found.Id);

        var outline = await db.Lessons.AsNoTracking()
            .Where(l => l.CourseId == found.CourseId
                && (l.Status == LessonStatus.Published || (isAdmin && l.Status == LessonStatus.Draft)))
            .OrderBy(l => l.Module.Position).ThenBy(l => l.Position).ThenBy(l => l.Slug)
            .Select(l => new OutlineItem(l.Id, l.ModuleId, l.Slug, l.Title) { ModuleTitle = l.Module.Title })
            .ToListAsync(ct);
        Outline = outline;
        var index = outline.FindIndex(o => o.Id == found.Id);
        var module = outline.Where(o => o.ModuleId == found.ModuleId).ToList();
        PositionInModule = module.FindIndex(o => o.Id == found.Id) + 1;
        ModuleLessonCount = module.Count;
        Previous = index > 0 ? outline[index - 1] : null;
        Next = index + 1 < outline.Count ? outline[index + 1] : null;
        return Page();
    }
}

public sealed record LessonView(
    int Id,
    int CourseId,
    string CourseSlug,
    string CourseTitle,
    int ModuleId,
    string ModuleTitle,
    string Slug,
    string Title,
    string Summary,
    int Minutes,
    List<string> Tags,
    LessonStatus Status,
    string BodyHtml,
    string TocHtml,
    string LinksHtml,
    string ExerciseHtml,
    int PublishedLessonsTotal,
    int RevisionNumber);

public sealed record OutlineItem(int Id, int ModuleId, string Slug, string Title)
{
    public string ModuleTitle { get; init; } = "";
}
