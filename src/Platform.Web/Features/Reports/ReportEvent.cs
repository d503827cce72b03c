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
