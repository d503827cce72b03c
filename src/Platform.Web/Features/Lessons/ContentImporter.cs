using Microsoft.EntityFrameworkCore;
using Platform.Web.Features.Lessons.Search;
using Platform.Web.Infrastructure.Data;

namespace Platform.Web.Features.Lessons;

public sealed record ContentImportReport(
    int CoursesAdded,
    int CoursesUpdated,
    int CoursesUnpublished,
    int LessonsAdded,
    int LessonsChanged,
    int LessonsUnchanged,
    int LessonsUnpublished,
    int LessonsRestored)
{
    public override string ToString() =>
        $"courses: {CoursesAdded} added, {CoursesUpdated} updated, {CoursesUnpublished} unpublished; " +
        $"lessons: {LessonsAdded} added, {LessonsChanged} changed, {LessonsUnchanged} unchanged, " +
        $"{LessonsUnpublished} unpublished, {LessonsRestored} restored";
}

/// Brings the database in line with a content folder, in one transaction. Idempotent: a lesson
/// whose file hash is unchanged is left alone; a changed file adds a revision (old ones stay);
/// a removed file unpublishes its lesson, never deletes it.
public sealed class ContentImporter(PlatformDbContext db, LessonMarkdown markdown, TimeProvider time)
{
    /// The content folder: <paramref name="configured"/> as is when absolute, else under the
    /// repository root (found from <paramref name="start"/>).
    public static string ResolveContentPath(string configured, string start) =>
        Path.IsPathRooted(configured) ? configured : Path.GetFullPath(Path.Combine(RepositoryPaths.Root(start), configured));

    public Task<ContentImportReport> ImportAsync(string contentPath, CancellationToken ct = default) =>
        ImportAsync(contentPath, _ => { }, ct);

    /// <paramref name="beforeSave"/> sees the report before the import's SaveChanges, and may add
    /// to the context what must commit with it (the admin area's audit row).
    public async Task<ContentImportReport> ImportAsync(string contentPath, Action<ContentImportReport> beforeSave, CancellationToken ct = default)
    {
        var content = ContentSource.Read(contentPath, markdown);
        var now = time.GetUtcNow();

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await AdvisoryLock.ContentImport.TakeAsync(db, ct);

        var courses = await db.Courses.Include(c => c.Modules).ToListAsync(ct);
        var lessons = await db.Lessons.ToListAsync(ct);
        int coursesAdded = 0, coursesUpdated = 0, coursesUnpublished = 0;
        int lessonsAdded = 0, lessonsChanged = 0, lessonsUnchanged = 0, lessonsUnpublished = 0, lessonsRestored = 0;
        var searchable = new List<(Lesson, LessonSource, bool)>();

        foreach (var source in content.Courses)
        {
            var course = courses.FirstOrDefault(c => c.Slug == source.Slug);
            if (course is null)
            {
                course = new Course { Slug = source.Slug, Title = source.Title, UpdatedAt = now };
                db.Courses.Add(course);
                courses.Add(course);
                coursesAdded++;
            }
            var changed = course.Title != source.Title || course.Description != source.Description || !course.IsPublished;
            course.Title = source.Title;
            course.Description = source.Description;
            course.IsPublished = true;
            for (var i = 0; i < source.Modules.Count; i++)
            {
                var moduleSource = source.Modules[i];
                var module = course.Modules.FirstOrDefault(m => m.Slug == moduleSource.Slug);
                if (module is null)
                {
                    module = new CourseModule { Slug = moduleSource.Slug, Title = moduleSource.Title };
                    course.Modules.Add(module);
                    changed = true;
                }
                changed |= module.Title != moduleSource.Title || module.Position != i + 1;
                module.Title = moduleSource.Title;
                module.Position = i + 1;
            }
            // Modules gone from course.yml keep their rows (their old lessons point at them) but sort last.
            foreach (var stale in course.Modules.Where(m => source.Modules.All(s => s.Slug != m.Slug) && m.Position <= 1000))
            {
                stale.Position += 1000;
                changed = true;
            }
            if (changed && course.Id != 0)
            {
                course.UpdatedAt = now;
                coursesUpdated++;
            }
        }

        foreach (var source in content.Lessons)
        {
            var course = courses.Single(c => c.Slug == source.CourseSlug);
            var module = course.Modules.Single(m => m.Slug == source.Module);
            var lesson = course.Id == 0 ? null : lessons.FirstOrDefault(l => l.CourseId == course.Id && l.Slug == source.Slug);
            if (lesson is null)
            {
                lesson = new Lesson { Slug = source.Slug, Title = source.Title, SourcePath = source.File, ContentHash = source.ContentHash, Course = course };
                db.Lessons.Add(lesson);
                lessonsAdded++;
            }
            else if (lesson.ContentHash == source.ContentHash)
            {
                // The same bytes: only a file moved or a module renumbered can need a write.
                if (lesson.Status == LessonStatus.Unpublished)
                {
                    lesson.Status = source.Status;
                    lesson.UpdatedAt = now;
                    lessonsRestored++;
                }
                else
                {
                    lessonsUnchanged++;
                }
                lesson.SourcePath = source.File;
                searchable.Add((lesson, source, false));
                continue;
            }
            else
            {
                lessonsChanged++;
            }

            lesson.Module = module;
            lesson.Title = source.Title;
            lesson.Summary = source.Summary;
            lesson.Position = source.Order;
            lesson.Minutes = source.Minutes;
            lesson.Language = source.Language;
            lesson.Tags = [.. source.Tags];
            lesson.Status = source.Status;
            lesson.SourcePath = source.File;
            lesson.ContentHash = source.ContentHash;
            lesson.ExerciseIds = [.. source.Rendered.Exercises.Select(e => e.Id)];
            lesson.RevisionNumber++;
            lesson.UpdatedAt = now;
            searchable.Add((lesson, source, true));
            lesson.Revisions.Add(new LessonRevision
            {
                Number = lesson.RevisionNumber,
                ContentHash = source.ContentHash,
                Markdown = source.Markdown,
                BodyHtml = source.Rendered.BodyHtml,
                TocHtml = source.Rendered.TocHtml,
                LinksHtml = source.Rendered.LinksHtml ?? "",
                ExerciseHtml = source.Rendered.ExerciseHtml ?? "",
                ExercisesJson = LessonExercise.Serialize(source.Rendered.Exercises),
                ImportedAt = now,
            });
        }

        foreach (var course in courses.Where(c => c.Id != 0))
        {
            var courseSource = content.Courses.FirstOrDefault(c => c.Slug == course.Slug);
            if (courseSource is null && course.IsPublished)
            {
                course.IsPublished = false;
                course.UpdatedAt = now;
                coursesUnpublished++;
            }
            foreach (var lesson in lessons.Where(l => l.CourseId == course.Id && l.Status != LessonStatus.Unpublished))
            {
                if (courseSource is null || !content.Lessons.Any(s => s.CourseSlug == course.Slug && s.Slug == lesson.Slug))
                {
                    lesson.Status = LessonStatus.Unpublished;
                    lesson.UpdatedAt = now;
                    lessonsUnpublished++;
                }
            }
        }

        var report = new ContentImportReport(coursesAdded, coursesUpdated, coursesUnpublished,
            lessonsAdded, lessonsChanged, lessonsUnchanged, lessonsUnpublished, lessonsRestored);
        beforeSave(report);
        await db.SaveChangesAsync(ct);
        await SearchIndex.UpdateAsync(db, markdown, searchable, ct);
        await transaction.CommitAsync(ct);
        return report;
    }
}
