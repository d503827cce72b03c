using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Platform.Web.Features.Lessons;

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
