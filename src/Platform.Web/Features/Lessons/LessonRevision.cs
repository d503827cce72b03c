using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

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

internal sealed class LessonRevisionConfiguration : IEntityTypeConfiguration<LessonRevision>
{
    public void Configure(EntityTypeBuilder<LessonRevision> builder)
    {
        builder.ToTable("lesson_revisions");
        builder.Property(r => r.ContentHash).HasMaxLength(64).IsFixedLength();
        builder.Property(r => r.ExercisesJson).HasColumnType("jsonb").HasDefaultValueSql("'[]'::jsonb");
        builder.HasIndex(r => new { r.LessonId, r.Number }).IsUnique();
        builder.HasOne(r => r.Lesson).WithMany(l => l.Revisions).HasForeignKey(r => r.LessonId).OnDelete(DeleteBehavior.Restrict);
    }
}
