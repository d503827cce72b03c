using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

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

internal sealed class CourseModuleConfiguration : IEntityTypeConfiguration<CourseModule>
{
    public void Configure(EntityTypeBuilder<CourseModule> builder)
    {
        builder.ToTable("course_modules");
        builder.Property(m => m.Slug).HasMaxLength(100);
        builder.Property(m => m.Title).HasMaxLength(200);
        builder.HasIndex(m => new { m.CourseId, m.Slug }).IsUnique();
        builder.HasOne(m => m.Course).WithMany(c => c.Modules).HasForeignKey(m => m.CourseId).OnDelete(DeleteBehavior.Restrict);
    }
}
