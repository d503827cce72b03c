using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Platform.Web.Features.Reports;

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
