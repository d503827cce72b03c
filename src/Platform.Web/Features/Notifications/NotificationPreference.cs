using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Web.Features.Account;

namespace Platform.Web.Features.Notifications;

public enum ReplyEmail
{
    Immediate,
    Digest,
    Never,
}

/// How a learner wants reply alerts by e-mail. No row means <see cref="ReplyEmail.Immediate"/>.
public sealed class NotificationPreference
{
    public required string UserId { get; set; }

    public ReplyEmail ReplyEmail { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class NotificationPreferenceConfiguration : IEntityTypeConfiguration<NotificationPreference>
{
    public void Configure(EntityTypeBuilder<NotificationPreference> builder)
    {
        builder.ToTable("notification_preferences", t => t.HasCheckConstraint(
            "ck_notification_preferences_reply_email", "reply_email IN ('immediate', 'digest', 'never')"));
        builder.HasKey(p => p.UserId);
        builder.HasOne<User>().WithOne().HasForeignKey<NotificationPreference>(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(p => p.ReplyEmail)
            .HasConversion(v => v.ToString().ToLowerInvariant(), v => Enum.Parse<ReplyEmail>(v, true))
            .HasMaxLength(10);
        builder.Property(p => p.UpdatedAt).HasDefaultValueSql("now()");
    }
}
