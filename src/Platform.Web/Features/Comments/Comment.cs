using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Web.Features.Account;
using Platform.Web.Features.Lessons;

namespace Platform.Web.Features.Comments;

/// A comment on a lesson. A thread is a first comment (<see cref="ThreadId"/> null) and its
/// replies (<see cref="ThreadId"/> = the first comment's id): one level of nesting. A reply to a
/// reply joins the same thread and names the comment it answers in <see cref="ReplyToId"/>.
public sealed class Comment
{
    public const int MaxLength = 4000;

    /// How long the author may still change the text.
    public static readonly TimeSpan EditWindow = TimeSpan.FromMinutes(15);

    public long Id { get; set; }

    public int LessonId { get; set; }

    public Lesson Lesson { get; set; } = null!;

    public required string AuthorId { get; set; }

    public User Author { get; set; } = null!;

    public long? ThreadId { get; set; }

    public long? ReplyToId { get; set; }

    public required string BodyMarkdown { get; set; }

    public required string BodyHtml { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? EditedAt { get; set; }

    /// Soft delete: the thread keeps its place and shows "삭제된 댓글입니다".
    public DateTimeOffset? DeletedAt { get; set; }

    /// Hidden by moderation (an admin, or enough flags): others see a placeholder, the author
    /// sees their text with a note.
    public DateTimeOffset? HiddenAt { get; set; }

    public string? HiddenReason { get; set; }

    /// The admin who hid it; null when flags hid it automatically.
    public string? HiddenById { get; set; }

    public long RootId => ThreadId ?? Id;

    public bool IsVisible => DeletedAt is null && HiddenAt is null;
}

internal sealed class CommentConfiguration : IEntityTypeConfiguration<Comment>
{
    public void Configure(EntityTypeBuilder<Comment> builder)
    {
        builder.ToTable("comments", t =>
        {
            t.HasCheckConstraint("ck_comments_body_length", $"char_length(body_markdown) BETWEEN 1 AND {Comment.MaxLength}");
            // One level: a reply names its thread; only replies name the comment they answer.
            t.HasCheckConstraint("ck_comments_reply_in_thread", "reply_to_id IS NULL OR thread_id IS NOT NULL");
        });
        builder.Property(c => c.Id).UseIdentityAlwaysColumn();
        builder.HasOne(c => c.Lesson).WithMany().HasForeignKey(c => c.LessonId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(c => c.Author).WithMany().HasForeignKey(c => c.AuthorId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Comment>().WithMany().HasForeignKey(c => c.ThreadId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Comment>().WithMany().HasForeignKey(c => c.ReplyToId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<User>().WithMany().HasForeignKey(c => c.HiddenById).OnDelete(DeleteBehavior.Restrict);
        builder.Property(c => c.BodyMarkdown).IsRequired();
        builder.Property(c => c.BodyHtml).IsRequired();
        builder.Property(c => c.HiddenReason).HasMaxLength(500);
        builder.Property(c => c.CreatedAt).HasDefaultValueSql("now()");
        builder.Ignore(c => c.RootId);
        builder.Ignore(c => c.IsVisible);
        // The lesson page: threads of a lesson in order, then the replies of those threads.
        builder.HasIndex(c => new { c.LessonId, c.ThreadId, c.CreatedAt });
        builder.HasIndex(c => new { c.ThreadId, c.CreatedAt });
        // The rate limit counts an author's recent comments.
        builder.HasIndex(c => new { c.AuthorId, c.CreatedAt });
    }
}
