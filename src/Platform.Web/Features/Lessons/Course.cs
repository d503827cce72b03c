using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

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

internal sealed class CourseConfiguration : IEntityTypeConfiguration<Course>
{
    public void Configure(EntityTypeBuilder<Course> builder)
    {
        builder.ToTable("courses");
        builder.Property(c => c.Slug).HasMaxLength(100);
        builder.HasIndex(c => c.Slug).IsUnique();
        builder.Property(c => c.Title).HasMaxLength(200);
        builder.Property(c => c.Description).HasMaxLength(2000);
    }
}
