using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Web.Features.Account;
using Platform.Web.Features.Lessons;

namespace Platform.Web.Features.Reports;

public enum ReportCategory
{
    Typo,
    ContentError,
    CodeBroken,
    BrokenLink,
    Other,
}

public enum ReportStatus
{
    New,
    Triaged,
    Fixed,
    WontFix,
    Duplicate,
}

/// "문제 신고": what a reader saw wrong on a page. Lesson reports name the exact revision shown,
/// so an admin reads what the reader read even after the lesson changed.
public sealed class ProblemReport
{
    public const int DescriptionMinLength = 10;
    public const int DescriptionMaxLength = 4000;
    public const int SelectedTextMaxLength = 2000;
    public const int PageUrlMaxLength = 500;
    public const int UserAgentMaxLength = 500;

    public int Id { get; set; }

    public int? LessonId { get; set; }

    public Lesson? Lesson { get; set; }

    /// The revision shown to the reader (its number is kept too, for links and display).
    public long? LessonRevisionId { get; set; }

    public LessonRevision? LessonRevision { get; set; }

    public int? LessonRevisionNumber { get; set; }

    /// Site-relative path of the page the report is about ("/courses/a/b").
    public required string PageUrl { get; set; }

    public ReportCategory Category { get; set; }

    public required string Description { get; set; }

    public string? SelectedText { get; set; }

    public string? UserAgent { get; set; }

    public string? ReporterId { get; set; }

    public User? Reporter { get; set; }

    /// A visitor's address for follow-up; learners are reached at their account address.
    public string? ContactEmail { get; set; }

    public ReportStatus Status { get; set; } = ReportStatus.New;

    public int? DuplicateOfId { get; set; }

    public ProblemReport? DuplicateOf { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// PostgreSQL's xmin: two admins changing one report at once cannot both win.
    public uint Version { get; set; }

    public List<ReportNote> Notes { get; } = [];

    public List<ReportEvent> Events { get; } = [];

    public bool IsOpen => Status is ReportStatus.New or ReportStatus.Triaged;
}

internal sealed class ProblemReportConfiguration : IEntityTypeConfiguration<ProblemReport>
{
    public void Configure(EntityTypeBuilder<ProblemReport> builder)
    {
        builder.ToTable("problem_reports", t =>
        {
            t.HasCheckConstraint("ck_problem_reports_description_length",
                $"char_length(description) BETWEEN {ProblemReport.DescriptionMinLength} AND {ProblemReport.DescriptionMaxLength}");
            // A duplicate names its original, and only a duplicate does.
            t.HasCheckConstraint("ck_problem_reports_duplicate_of",
                "(status = 'Duplicate') = (duplicate_of_id IS NOT NULL) AND duplicate_of_id <> id");
        });
        builder.Property(r => r.PageUrl).HasMaxLength(ProblemReport.PageUrlMaxLength);
        builder.Property(r => r.Category).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Description).HasMaxLength(ProblemReport.DescriptionMaxLength);
        builder.Property(r => r.SelectedText).HasMaxLength(ProblemReport.SelectedTextMaxLength);
        builder.Property(r => r.UserAgent).HasMaxLength(ProblemReport.UserAgentMaxLength);
        builder.Property(r => r.ContactEmail).HasMaxLength(320);
        builder.Property(r => r.CreatedAt).HasDefaultValueSql("now()");
        builder.Property(r => r.Version).IsRowVersion();
        builder.Ignore(r => r.IsOpen);
        builder.HasOne(r => r.Lesson).WithMany().HasForeignKey(r => r.LessonId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(r => r.LessonRevision).WithMany().HasForeignKey(r => r.LessonRevisionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(r => r.Reporter).WithMany().HasForeignKey(r => r.ReporterId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(r => r.DuplicateOf).WithMany().HasForeignKey(r => r.DuplicateOfId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(r => r.Notes).WithOne().HasForeignKey(n => n.ReportId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(r => r.Events).WithOne().HasForeignKey(e => e.ReportId).OnDelete(DeleteBehavior.Cascade);
        // The admin queue: open reports newest first, filtered by lesson.
        builder.HasIndex(r => new { r.Status, r.CreatedAt });
        builder.HasIndex(r => r.LessonId);
        builder.HasIndex(r => r.ReporterId);
    }
}
