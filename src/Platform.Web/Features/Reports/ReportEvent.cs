using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Platform.Web.Features.Reports;

/// One step of a report's history: who changed what, from what, to what, when.
public sealed class ReportEvent
{
    public long Id { get; set; }

    public int ReportId { get; set; }

    /// Null for the report's creation by a visitor.
    public string? ActorId { get; set; }

    public required string ActorName { get; set; }

    /// "created", "status", "note".
    public required string Change { get; set; }

    public string? Before { get; set; }

    public string? After { get; set; }

    public DateTimeOffset At { get; set; }
}

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
