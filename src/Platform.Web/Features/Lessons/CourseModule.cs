namespace Platform.Web.Features.Lessons;

/// A module of a course ("출발점 고르기"), in the order course.yml lists it.
public sealed class CourseModule
{
    public int Id { get; set; }

    public int CourseId { get; set; }

    public Course Course { get; set; } = null!;

    public required string Slug { get; set; }

    public required string Title { get; set; }

    public int Position { get; set; }

    public List<Lesson> Lessons { get; } = [];
}
