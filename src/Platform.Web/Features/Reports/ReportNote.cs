using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Platform.Web.Features.Reports;

/// An admin's internal note on a report; never shown to the reporter.
public sealed class ReportNote
{
    public const int TextMaxLength = 4000;

    public long Id { get; set; }

    public int ReportId { get; set; }

    public required string AuthorId { get; set; }

    /// The admin's name when the note was written.
    public required string AuthorName { get; set; }

    public required string Text { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class ReportNoteConfiguration : IEntityTypeConfiguration<ReportNote>
{
    public void Configure(EntityTypeBuilder<ReportNote> builder)
    {
        builder.ToTable("report_notes");
        builder.Property(n => n.AuthorId).HasMaxLength(450);
        builder.Property(n => n.AuthorName).HasMaxLength(50);
        builder.Property(n => n.Text).HasMaxLength(ReportNote.TextMaxLength);
        builder.HasIndex(n => n.ReportId);
    }
}
