using Microsoft.EntityFrameworkCore;
using Platform.Web.Features.Lessons;
using Platform.Web.Infrastructure.Data;

namespace Platform.Web.Features.Progress;

/// A published lesson as progress sees it: `course/lesson`, `course/module`, in course order.
public sealed record CatalogLesson(int Id, string Key, string ModuleKey, string CourseSlug, string Title)
{
    /// The ids of the lesson's quiz questions, in page order.
    public IReadOnlyList<string> ExerciseIds { get; init; } = [];

    public IEnumerable<string> ExerciseKeys => ExerciseIds.Select(id => LessonExercise.Key(Key, id));
}

public static class ProgressCatalog
{
    /// Every lesson that can be completed now: published, in a published course.
    public static Task<List<CatalogLesson>> PublishedAsync(PlatformDbContext db, CancellationToken ct) =>
        db.Lessons.AsNoTracking().Published()
            .OrderBy(l => l.Course.Slug).ThenBy(l => l.Module.Position).ThenBy(l => l.Position).ThenBy(l => l.Slug)
            .Select(l => new CatalogLesson(l.Id, new LessonKey(l.Course.Slug, l.Slug).ToString(), l.Course.Slug + "/" + l.Module.Slug, l.Course.Slug, l.Title)
            {
                ExerciseIds = l.ExerciseIds,
            })
            .ToListAsync(ct);

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<CatalogSnapshot, IReadOnlyList<CatalogLesson>> Lessons = [];

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<CatalogSnapshot, CatalogShape> Shapes = [];

    /// The published lessons of a catalog snapshot as progress sees them, worked out once per
    /// snapshot (every progress request and every learner's page reads them; a snapshot never changes).
    public static IReadOnlyList<CatalogLesson> From(CatalogSnapshot snapshot) =>
        Lessons.GetValue(snapshot, s =>
            s.Published.Select(l => new CatalogLesson(l.Id, l.Key, l.ModuleKey, l.CourseSlug, l.Title) { ExerciseIds = l.ExerciseIds }).ToList());

    /// The shape of a catalog snapshot, worked out once per snapshot (every write evaluates on it).
    public static CatalogShape ShapeOf(CatalogSnapshot snapshot) => Shapes.GetValue(snapshot, s => Shape(From(s)));

    public static CatalogShape Shape(IEnumerable<CatalogLesson> lessons)
    {
        var list = lessons.ToList();
        return CatalogShape.From(list.Select(l => (l.Key, l.ModuleKey))).WithExercises(list.SelectMany(l => l.ExerciseKeys));
    }
}
