using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace Platform.Web.Features.Lessons;

/// A lesson's address, `course-slug/lesson-slug`: in URLs, JSON, forms and progress rows. The one
/// place that splits and joins it.
public readonly record struct LessonKey(string Course, string Lesson)
{
    /// Two slugs of at most 100 characters and the slash.
    public const int MaxLength = 201;

    /// The key named by <paramref name="key"/>; null when it is not two non-empty slugs joined by "/".
    public static LessonKey? Parse(string? key)
    {
        if (string.IsNullOrWhiteSpace(key) || key.Length > MaxLength)
        {
            return null;
        }
        return key.Split('/') is [{ Length: > 0 } course, { Length: > 0 } lesson] ? new LessonKey(course, lesson) : null;
    }

    /// The course slug of a lesson key, or of a key below a lesson (`course/lesson/question`).
    public static string CourseOf(string key) => key.Split('/', 2)[0];

    /// The lesson page's address (a public URL: it never changes).
    public string Path => $"/courses/{Course}/{Lesson}";

    public override string ToString() => $"{Course}/{Lesson}";
}

/// The one rule for what readers may see: a published lesson in a published course. Admins may
/// also preview a draft of a published course. The in-memory read model applies the same rule
/// (<see cref="CatalogEntry.IsVisibleTo"/>) to the lessons <see cref="Previewable"/> loads.
public static class PublishedLessons
{
    public static IQueryable<Lesson> Published(this IQueryable<Lesson> lessons) =>
        lessons.Where(l => l.Status == LessonStatus.Published && l.Course.IsPublished);

    /// What someone may open: published lessons and, for admins, drafts (of a published course).
    public static IQueryable<Lesson> Previewable(this IQueryable<Lesson> lessons) =>
        lessons.Where(l => (l.Status == LessonStatus.Published || l.Status == LessonStatus.Draft) && l.Course.IsPublished);

    /// The published lesson at <paramref name="key"/> (zero or one row).
    public static IQueryable<Lesson> PublishedByKey(this IQueryable<Lesson> lessons, LessonKey key) =>
        lessons.Published().Where(l => l.Course.Slug == key.Course && l.Slug == key.Lesson);

    /// The published lesson named by <paramref name="key"/> as a form or a request sent it, as
    /// <paramref name="select"/> shapes it; null (without asking the database) when the key is not one.
    public static async Task<T?> FindPublishedAsync<T>(
        this IQueryable<Lesson> lessons, string? key, Expression<Func<Lesson, T>> select, CancellationToken ct)
        where T : class =>
        LessonKey.Parse(key) is { } parsed ? await lessons.PublishedByKey(parsed).Select(select).FirstOrDefaultAsync(ct) : null;
}
