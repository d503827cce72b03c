using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Web.Features.Account;

namespace Platform.Web.Features.Progress;

public enum ActivityKind
{
    /// Read from the learner's comments themselves, never stored here (a comment is its own record).
    CommentPosted,
    ReplyReceived,
    ReportAccepted,
}

/// Something a learner did elsewhere on the site that counts toward an achievement (a reply
/// received, an accepted problem report; a comment counts as itself). Other features record it through
/// <see cref="ProgressLedger.RecordActivityAsync"/>; <see cref="SourceKey"/> (e.g. `comment:42`)
/// makes recording the same thing twice a no-op.
public sealed class LearnerActivity
{
    public long Id { get; set; }

    public required string UserId { get; set; }

    public ActivityKind Kind { get; set; }

    public required string SourceKey { get; set; }

    public DateTimeOffset OccurredAt { get; set; }
}

internal sealed class LearnerActivityConfiguration : IEntityTypeConfiguration<LearnerActivity>
{
    public void Configure(EntityTypeBuilder<LearnerActivity> builder)
    {
        builder.ToTable("learner_activities");
        builder.Property(a => a.Id).UseIdentityAlwaysColumn();
        builder.Property(a => a.UserId).HasMaxLength(450);
        builder.Property(a => a.Kind).HasConversion<string>().HasMaxLength(30);
        builder.Property(a => a.SourceKey).HasMaxLength(200);
        builder.HasIndex(a => new { a.UserId, a.Kind, a.SourceKey }).IsUnique();
        // The ledger reads a learner's earliest activities of a kind: a few index entries, however many there are.
        builder.HasIndex(a => new { a.UserId, a.Kind, a.OccurredAt, a.Id });
        builder.HasOne<User>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
