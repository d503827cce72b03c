using Microsoft.EntityFrameworkCore;
using Platform.Web.Infrastructure.Caching;
using Platform.Web.Infrastructure.Data;

namespace Platform.Web.Features.Lessons;

/// A lesson of a published course as every reader sees it (drafts included: admins preview them).
public sealed record CatalogEntry(
    int Id,
    int CourseId,
    string CourseSlug,
    string CourseTitle,
    int ModuleId,
    string ModuleSlug,
    string ModuleTitle,
    string Slug,
    string Title,
    string Summary,
    int Minutes,
    List<string> Tags,
    LessonStatus Status,
    int RevisionNumber,
    List<string> ExerciseIds,
    string Language)
{
    public string Key => new LessonKey(CourseSlug, Slug).ToString();

    public string ModuleKey => $"{CourseSlug}/{ModuleSlug}";

    public bool IsPublished => Status == LessonStatus.Published;

    public bool IsVisibleTo(bool isAdmin) => IsPublished || (isAdmin && Status == LessonStatus.Draft);
}

public sealed record CatalogModule(int Id, string Slug, string Title, IReadOnlyList<CatalogEntry> Lessons);

public sealed record CatalogCourse(int Id, string Slug, string Title, string Description, IReadOnlyList<CatalogModule> Modules)
{
    public IEnumerable<CatalogEntry> Lessons => Modules.SelectMany(m => m.Lessons);

    /// The lessons every reader sees (no drafts), and what the catalog and course pages count.
    public IEnumerable<CatalogEntry> PublishedLessons => Lessons.Where(l => l.IsPublished);

    public int PublishedModuleCount => Modules.Count(m => m.Lessons.Any(l => l.IsPublished));

    public int PublishedMinutes => PublishedLessons.Sum(l => l.Minutes);
}

/// The stored HTML of a lesson's current revision.
public sealed record LessonBody(string BodyHtml, string TocHtml, string LinksHtml, string ExerciseHtml);

/// One version of the published catalog: courses in slug order, modules and lessons in course order.
public sealed class CatalogSnapshot
{
    private readonly Dictionary<string, CatalogCourse> _courses;
    private readonly Dictionary<string, CatalogEntry> _lessons;
    private readonly Dictionary<int, CatalogEntry> _lessonsById;

    public CatalogSnapshot(IReadOnlyList<CatalogCourse> courses)
    {
        Courses = courses;
        _courses = courses.ToDictionary(c => c.Slug, StringComparer.Ordinal);
        var all = courses.SelectMany(c => c.Lessons).ToList();
        _lessons = all.ToDictionary(l => l.Key, StringComparer.Ordinal);
        _lessonsById = all.ToDictionary(l => l.Id);
        Published = all.Where(l => l.IsPublished).ToList();
    }

    public IReadOnlyList<CatalogCourse> Courses { get; }

    /// Every lesson a learner can complete now, in catalog order.
    public IReadOnlyList<CatalogEntry> Published { get; }

    public CatalogCourse? Course(string? slug) => slug is null ? null : _courses.GetValueOrDefault(slug);

    public CatalogEntry? Lesson(LessonKey key) => _lessons.GetValueOrDefault(key.ToString());

    public CatalogEntry? Lesson(int id) => _lessonsById.GetValueOrDefault(id);

    /// The published lesson named by <paramref name="key"/> as a form or a request sent it.
    public CatalogEntry? PublishedLesson(string? key) =>
        LessonKey.Parse(key) is { } parsed && Lesson(parsed) is { IsPublished: true } entry ? entry : null;

    /// The lessons a reader may open, in course order (for the outline and previous/next).
    public IReadOnlyList<CatalogEntry> Outline(CatalogCourse course, bool isAdmin) =>
        course.Lessons.Where(l => l.IsVisibleTo(isAdmin)).ToList();
}

/// The read model of the content: the catalog and each lesson's HTML, held in memory by every
/// instance and dropped when the database announces a change to courses, modules, lessons or
/// revisions. Pages read it without a database round trip once it is warm.
public sealed class LessonCatalog(IServiceScopeFactory scopes) : IReadModel
{
    private readonly SharedEntries<int, CatalogSnapshot> _snapshot = new();
    private readonly SharedEntries<int, LessonBody?> _bodies = new();

    public Task<CatalogSnapshot> CurrentAsync() => _snapshot.GetAsync(0, _ => LoadAsync());

    /// Null when the lesson is gone (a change not yet announced).
    public Task<LessonBody?> BodyAsync(int lessonId) => _bodies.GetAsync(lessonId, LoadBodyAsync);

    public void Apply(ReadModelChange change)
    {
        if (change.Kind is ReadModelChangeKind.Catalog or ReadModelChangeKind.Everything)
        {
            _snapshot.Clear();
            _bodies.Clear();
        }
    }

    private async Task<CatalogSnapshot> LoadAsync()
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var courses = await db.Courses.AsNoTracking()
            .Where(c => c.IsPublished)
            .OrderBy(c => c.Slug)
            .Select(c => new { c.Id, c.Slug, c.Title, c.Description })
            .ToListAsync();
        var modules = await db.Set<CourseModule>().AsNoTracking()
            .Where(m => m.Course.IsPublished)
            .OrderBy(m => m.Position).ThenBy(m => m.Slug)
            .Select(m => new { m.Id, m.CourseId, m.Slug, m.Title })
            .ToListAsync();
        var lessons = await db.Lessons.AsNoTracking()
            .Previewable()
            .OrderBy(l => l.Position).ThenBy(l => l.Slug)
            .Select(l => new
            {
                l.Id, l.CourseId, l.ModuleId, l.Slug, l.Title, l.Summary, l.Minutes, l.Tags, l.Status, l.RevisionNumber, l.ExerciseIds, l.Language,
            })
            .ToListAsync();
        var lessonsByModule = lessons.ToLookup(l => l.ModuleId);
        var modulesByCourse = modules.ToLookup(m => m.CourseId);
        return new CatalogSnapshot(courses.Select(c => new CatalogCourse(
                c.Id, c.Slug, c.Title, c.Description,
                modulesByCourse[c.Id].Select(m => new CatalogModule(
                        m.Id, m.Slug, m.Title,
                        lessonsByModule[m.Id].Select(l => new CatalogEntry(
                                l.Id, c.Id, c.Slug, c.Title, m.Id, m.Slug, m.Title, l.Slug, l.Title, l.Summary, l.Minutes, l.Tags,
                                l.Status, l.RevisionNumber, l.ExerciseIds, l.Language))
                            .ToList()))
                    .ToList()))
            .ToList());
    }

    private async Task<LessonBody?> LoadBodyAsync(int lessonId)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        return await (
                from l in db.Lessons.AsNoTracking()
                join r in db.LessonRevisions on new { LessonId = l.Id, Number = l.RevisionNumber } equals new { r.LessonId, r.Number }
                where l.Id == lessonId
                select new LessonBody(r.BodyHtml, r.TocHtml, r.LinksHtml, r.ExerciseHtml))
            .FirstOrDefaultAsync();
    }
}
