using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Platform.Web.Features.Lessons;

internal sealed class LessonConfiguration : IEntityTypeConfiguration<Lesson>
{
    public void Configure(EntityTypeBuilder<Lesson> builder)
    {
        builder.Property(l => l.Slug).HasMaxLength(100);
        builder.Property(l => l.Title).HasMaxLength(200);
        builder.Property(l => l.Summary).HasMaxLength(1000);
        builder.Property(l => l.SourcePath).HasMaxLength(500);
        builder.Property(l => l.ContentHash).HasMaxLength(64).IsFixedLength();
        builder.Property(l => l.ExerciseIds).HasDefaultValueSql("'{}'::text[]");
        builder.Property(l => l.Status).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(l => new { l.CourseId, l.Slug }).IsUnique();
        builder.HasIndex(l => l.Tags).HasMethod("gin");
        builder.HasOne(l => l.Course).WithMany(c => c.Lessons).HasForeignKey(l => l.CourseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(l => l.Module).WithMany(m => m.Lessons).HasForeignKey(l => l.ModuleId).OnDelete(DeleteBehavior.Restrict);
        builder.ToTable("lessons", t => t.HasCheckConstraint("ck_lessons_minutes_positive", "minutes > 0"));
    }
}
