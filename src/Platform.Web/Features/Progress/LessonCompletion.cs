using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Web.Features.Account;
using Platform.Web.Features.Lessons;

namespace Platform.Web.Features.Progress;

/// A lesson a learner marked as done. Un-marking deletes the row; the XP it earned stays in the ledger.
public sealed class LessonCompletion
{
    public long Id { get; set; }

    public required string UserId { get; set; }

    public int LessonId { get; set; }

    public Lesson Lesson { get; set; } = null!;

    public DateTimeOffset CompletedAt { get; set; }
}

internal sealed class LessonCompletionConfiguration : IEntityTypeConfiguration<LessonCompletion>
{
    public void Configure(EntityTypeBuilder<LessonCompletion> builder)
    {
        builder.ToTable("lesson_completions");
        builder.Property(c => c.Id).UseIdentityAlwaysColumn();
        builder.Property(c => c.UserId).HasMaxLength(450);
        // One completion per learner and lesson, whatever two devices do at the same moment.
        builder.HasIndex(c => new { c.UserId, c.LessonId }).IsUnique();
        builder.HasOne<User>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(c => c.Lesson).WithMany().HasForeignKey(c => c.LessonId).OnDelete(DeleteBehavior.Restrict);
    }
}
