using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Web.Features.Account;
using Platform.Web.Infrastructure.Data;

namespace Platform.Web.Features.Comments;

/// Whether someone hears about replies in a thread. A thread's author follows it without a row
/// (<see cref="FollowersOf"/>); everyone who replies gets a row (subscribed) when they post;
/// "🔔 답글 알림" and the e-mail's unsubscribe link write the choice, the author's too.
public sealed class ThreadSubscription
{
    public long Id { get; set; }

    /// The thread's first comment.
    public long ThreadId { get; set; }

    public required string UserId { get; set; }

    public bool Subscribed { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// Who follows the thread: those whose row says so, and its author unless theirs says not.
    /// The author's follow needs no row: a new thread writes one row fewer.
    public static IQueryable<string> FollowersOf(PlatformDbContext db, long threadId) =>
        db.Set<ThreadSubscription>().Where(s => s.ThreadId == threadId && s.Subscribed).Select(s => s.UserId)
            .Concat(db.Set<Comment>()
                .Where(c => c.Id == threadId && c.ThreadId == null
                    && !db.Set<ThreadSubscription>().Any(s => s.ThreadId == threadId && s.UserId == c.AuthorId))
                .Select(c => c.AuthorId));
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
