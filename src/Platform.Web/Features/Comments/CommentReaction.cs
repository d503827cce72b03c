using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Web.Features.Account;

namespace Platform.Web.Features.Comments;

/// A learner's "도움돼요" on someone else's comment: one per person and comment (the unique index),
/// taken back by deleting the row. The count every reader sees comes from the comment read model;
/// the database announces each change on the comment's lesson (CommentReactions migration).
public sealed class CommentReaction
{
    public long Id { get; set; }

    public long CommentId { get; set; }

    public required string UserId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class CommentReactionConfiguration : IEntityTypeConfiguration<CommentReaction>
{
    public const string UniqueIndex = "ux_comment_reactions_comment_id_user_id";

    public void Configure(EntityTypeBuilder<CommentReaction> builder)
    {
        builder.ToTable("comment_reactions");
        builder.Property(r => r.Id).UseIdentityAlwaysColumn();
        builder.HasOne<Comment>().WithMany().HasForeignKey(r => r.CommentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(r => r.CreatedAt).HasDefaultValueSql("now()");
        builder.HasIndex(r => new { r.CommentId, r.UserId }).IsUnique().HasDatabaseName(UniqueIndex);
        // The learner's own marks, read with their personal state on every lesson page.
        builder.HasIndex(r => r.UserId);
    }
}
