using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Platform.Web.Features.Lessons;

public enum LessonStatus
{
    Published,
    Draft,
    /// Its file was removed from the content: hidden, never deleted.
    Unpublished,
}

/// A lesson, addressed everywhere as `course-slug/lesson-slug`. Its id stays stable across
/// imports; the text lives in revisions, the current one named by <see cref="RevisionNumber"/>.
public sealed class Lesson
{
    public int Id { get; set; }

    public int CourseId { get; set; }

    public Course Course { get; set; } = null!;

    public int ModuleId { get; set; }

    public CourseModule Module { get; set; } = null!;

    public required string Slug { get; set; }

    public required string Title { get; set; }

    public string Summary { get; set; } = "";

    public int Position { get; set; }

    public int Minutes { get; set; }

    /// What the lesson is written in (front matter `lang`): "ko" or "en".
    public string Language { get; set; } = Platform.Web.Infrastructure.Localization.Languages.Korean;

    public List<string> Tags { get; set; } = [];

    public LessonStatus Status { get; set; }

    /// The file it was imported from, relative to the content folder.
    public required string SourcePath { get; set; }

    /// SHA-256 of the file (and the renderer version), hex: an unchanged file changes nothing.
    public required string ContentHash { get; set; }

    public int RevisionNumber { get; set; }

    /// The ids of the current revision's quiz questions, in page order.
    public List<string> ExerciseIds { get; set; } = [];

    public DateTimeOffset UpdatedAt { get; set; }

    public List<LessonRevision> Revisions { get; } = [];
}

internal sealed class LessonConfiguration : IEntityTypeConfiguration<Lesson>
{
    public void Configure(EntityTypeBuilder<Lesson> builder)
    {
        builder.ToTable("lessons", t => t.HasCheckConstraint("ck_lessons_minutes_positive", "minutes > 0"));
        builder.Property(l => l.Slug).HasMaxLength(100);
        builder.Property(l => l.Title).HasMaxLength(200);
        builder.Property(l => l.Summary).HasMaxLength(1000);
        builder.Property(l => l.Language).HasMaxLength(10).HasDefaultValue(Platform.Web.Infrastructure.Localization.Languages.Korean);
        builder.Property(l => l.SourcePath).HasMaxLength(500);
        builder.Property(l => l.ContentHash).HasMaxLength(64).IsFixedLength();
        builder.Property(l => l.ExerciseIds).HasDefaultValueSql("'{}'::text[]");
        builder.Property(l => l.Status).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(l => new { l.CourseId, l.Slug }).IsUnique();
        builder.HasIndex(l => l.Tags).HasMethod("gin");
        builder.HasOne(l => l.Course).WithMany(c => c.Lessons).HasForeignKey(l => l.CourseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(l => l.Module).WithMany(m => m.Lessons).HasForeignKey(l => l.ModuleId).OnDelete(DeleteBehavior.Restrict);
    }
}
