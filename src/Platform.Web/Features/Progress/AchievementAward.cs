using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Web.Features.Account;

namespace Platform.Web.Features.Progress;

/// An achievement of <see cref="ProgressRules.Achievements"/> a learner earned; once each, kept
/// even if the completions that earned it are un-marked later.
public sealed class AchievementAward
{
    public long Id { get; set; }

    public required string UserId { get; set; }

    public required string AchievementId { get; set; }

    public DateTimeOffset EarnedAt { get; set; }
}

internal sealed class AchievementAwardConfiguration : IEntityTypeConfiguration<AchievementAward>
{
    public void Configure(EntityTypeBuilder<AchievementAward> builder)
    {
        builder.ToTable("achievement_awards");
        builder.Property(a => a.Id).UseIdentityAlwaysColumn();
        builder.Property(a => a.UserId).HasMaxLength(450);
        builder.Property(a => a.AchievementId).HasMaxLength(50);
        builder.HasIndex(a => new { a.UserId, a.AchievementId }).IsUnique();
        builder.HasOne<User>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
