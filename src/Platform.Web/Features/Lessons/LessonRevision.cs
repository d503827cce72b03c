namespace Platform.Web.Features.Lessons;

/// One imported version of a lesson file, with its Markdown rendered once into HTML. Old
/// revisions are kept.
public sealed class LessonRevision
{
    public long Id { get; set; }

    public int LessonId { get; set; }

    public Lesson Lesson { get; set; } = null!;

    public int Number { get; set; }

    public required string ContentHash { get; set; }

    public required string Markdown { get; set; }

    public required string BodyHtml { get; set; }

    public required string TocHtml { get; set; }

    public required string LinksHtml { get; set; }

    public required string ExerciseHtml { get; set; }

    /// The revision's quiz questions with their answers (<see cref="LessonExercise"/>), as JSON.
    public string ExercisesJson { get; set; } = "[]";

    public DateTimeOffset ImportedAt { get; set; }
}
