using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Web.Features.Account;

namespace Platform.Web.Features.Comments;

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
        builder.HasKey(c => c.Id);
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
