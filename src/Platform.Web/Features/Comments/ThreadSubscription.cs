using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Web.Features.Account;

namespace Platform.Web.Features.Comments;

/// Whether someone hears about replies in a thread. The thread's author and everyone who replied
/// get a row (subscribed) when they post; "🔔 답글 알림" and the e-mail's unsubscribe link flip it.
public sealed class ThreadSubscription
{
    public long Id { get; set; }

    /// The thread's first comment.
    public long ThreadId { get; set; }

    public required string UserId { get; set; }

    public bool Subscribed { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class ThreadSubscriptionConfiguration : IEntityTypeConfiguration<ThreadSubscription>
{
    public void Configure(EntityTypeBuilder<ThreadSubscription> builder)
    {
        builder.ToTable("thread_subscriptions");
        builder.Property(s => s.Id).UseIdentityAlwaysColumn();
        builder.HasOne<Comment>().WithMany().HasForeignKey(s => s.ThreadId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => new { s.ThreadId, s.UserId }).IsUnique();
        builder.Property(s => s.UpdatedAt).HasDefaultValueSql("now()");
    }
}
