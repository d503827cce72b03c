namespace Platform.Web.Features.Lessons;

public sealed class Course
{
    public int Id { get; set; }

    public required string Slug { get; set; }

    public required string Title { get; set; }

    public string Description { get; set; } = "";

    /// False once the course's folder is gone from the content: its rows stay, because progress
    /// and comments hang on its lessons.
    public bool IsPublished { get; set; } = true;

    public DateTimeOffset UpdatedAt { get; set; }

    public List<CourseModule> Modules { get; } = [];

    public List<Lesson> Lessons { get; } = [];
}
