using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Platform.Web.Features.Reports;

internal sealed class ReportEventConfiguration : IEntityTypeConfiguration<ReportEvent>
{
    public void Configure(EntityTypeBuilder<ReportEvent> builder)
    {
        builder.ToTable("report_events");
        builder.Property(e => e.ActorId).HasMaxLength(450);
        builder.Property(e => e.ActorName).HasMaxLength(50);
        builder.Property(e => e.Change).HasMaxLength(20);
        builder.Property(e => e.Before).HasMaxLength(ReportNote.TextMaxLength);
        builder.Property(e => e.After).HasMaxLength(ReportNote.TextMaxLength);
        builder.HasIndex(e => e.ReportId);
    }
}
