namespace Platform.Web.Features.Admin;

/// One admin action: who (as they were named then), what, on which subject, before → after
/// (JSON), when. Written by <see cref="AuditLog.Record"/> in the same SaveChanges as the change.
public sealed class AuditEntry
{
    public long Id { get; set; }

    public required string ActorId { get; set; }

    public required string ActorName { get; set; }

    /// "report.status", "user.block", ... (see <see cref="AuditActions"/>).
    public required string Action { get; set; }

    public required string SubjectType { get; set; }

    public required string SubjectId { get; set; }

    public string? Before { get; set; }

    public string? After { get; set; }

    public DateTimeOffset At { get; set; }
}
