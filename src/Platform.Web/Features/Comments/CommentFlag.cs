using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Web.Features.Account;

namespace Platform.Web.Features.Comments;

/// Someone's report that a comment breaks the rules. One per person and comment; open until an
/// admin decides on the comment (<see cref="ResolvedAt"/>).
public sealed class CommentFlag
{
    public const int MaxReasonLength = 500;

    public long Id { get; set; }

    public long CommentId { get; set; }

    public Comment Comment { get; set; } = null!;

    public required string UserId { get; set; }

    public User User { get; set; } = null!;

    public required string Reason { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? ResolvedAt { get; set; }
}

internal sealed class CommentFlagConfiguration : IEntityTypeConfiguration<CommentFlag>
{
    public void Configure(EntityTypeBuilder<CommentFlag> builder)
    {
        builder.ToTable("comment_flags");
        builder.Property(f => f.Id).UseIdentityAlwaysColumn();
        builder.HasOne(f => f.Comment).WithMany().HasForeignKey(f => f.CommentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(f => f.User).WithMany().HasForeignKey(f => f.UserId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(f => f.Reason).HasMaxLength(CommentFlag.MaxReasonLength).IsRequired();
        builder.Property(f => f.CreatedAt).HasDefaultValueSql("now()");
        builder.HasIndex(f => new { f.CommentId, f.UserId }).IsUnique().HasDatabaseName(FlagUniqueIndex);
    }

    public const string FlagUniqueIndex = "ux_comment_flags_comment_id_user_id";
}
