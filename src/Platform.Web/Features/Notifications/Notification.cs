using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Web.Features.Account;
using Platform.Web.Features.Comments;

namespace Platform.Web.Features.Notifications;

/// "Someone replied in a thread you follow": one per recipient and reply, written in the same
/// transaction as the reply.
public sealed class Notification
{
    public long Id { get; set; }

    public required string UserId { get; set; }

    /// The reply.
    public long CommentId { get; set; }

    public Comment Comment { get; set; } = null!;

    public long ThreadId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? ReadAt { get; set; }

    /// The dedupe key of the reply-alert e-mail this notification went into (replies within the
    /// delay share one); null when the recipient takes no immediate e-mail.
    public string? MailKey { get; set; }

    /// When a daily digest included it.
    public DateTimeOffset? DigestedAt { get; set; }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.ToTable("notifications");
        builder.Property(n => n.Id).UseIdentityAlwaysColumn();
        builder.HasOne<User>().WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(n => n.Comment).WithMany().HasForeignKey(n => n.CommentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Comment>().WithMany().HasForeignKey(n => n.ThreadId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(n => n.CreatedAt).HasDefaultValueSql("now()");
        builder.Property(n => n.MailKey).HasMaxLength(300);
        builder.HasIndex(n => new { n.UserId, n.CommentId }).IsUnique();
        // The bell's unread count and the list, newest first.
        builder.HasIndex(n => new { n.UserId, n.CreatedAt });
        builder.HasIndex(n => n.MailKey);
    }
}
