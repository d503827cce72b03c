using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Web.Features.Account;
using Platform.Web.Features.Lessons;

namespace Platform.Web.Features.Feedback;

/// "Was this helpful?": one vote per person per lesson revision, changeable. A learner votes as
/// `user:{id}`, a visitor as `visitor:{random id}` kept in a cookie; the unique key on
/// (lesson, revision, voter) is what makes it one vote.
public sealed class HelpfulVote
{
    public const int NoteMaxLength = 500;
    public const string UserPrefix = "user:";
    public const string VisitorPrefix = "visitor:";

    public long Id { get; set; }

    public int LessonId { get; set; }

    public Lesson Lesson { get; set; } = null!;

    public int RevisionNumber { get; set; }

    public required string VoterKey { get; set; }

    public string? UserId { get; set; }

    public bool Helpful { get; set; }

    public string? Note { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class HelpfulVoteConfiguration : IEntityTypeConfiguration<HelpfulVote>
{
    public void Configure(EntityTypeBuilder<HelpfulVote> builder)
    {
        builder.ToTable("helpful_votes", t => t.HasCheckConstraint("ck_helpful_votes_note_length", $"char_length(note) <= {HelpfulVote.NoteMaxLength}"));
        builder.Property(v => v.Id).UseIdentityAlwaysColumn();
        builder.Property(v => v.VoterKey).HasMaxLength(500);
        builder.Property(v => v.UserId).HasMaxLength(450);
        builder.Property(v => v.Note).HasMaxLength(HelpfulVote.NoteMaxLength);
        builder.HasIndex(v => new { v.LessonId, v.RevisionNumber, v.VoterKey }).IsUnique();
        builder.HasIndex(v => v.UserId);
        builder.HasOne(v => v.Lesson).WithMany().HasForeignKey(v => v.LessonId).OnDelete(DeleteBehavior.Cascade);
        // A deleted account's votes stay as anonymous figures: the eraser strips who and what was written.
        builder.HasOne<User>().WithMany().HasForeignKey(v => v.UserId).OnDelete(DeleteBehavior.SetNull);
    }
}
