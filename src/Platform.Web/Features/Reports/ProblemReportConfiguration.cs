using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Platform.Web.Features.Reports;

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
