using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

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

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("audit_log");
        builder.Property(a => a.Id).UseIdentityAlwaysColumn();
        builder.Property(a => a.ActorId).HasMaxLength(450);
        builder.Property(a => a.ActorName).HasMaxLength(50);
        builder.Property(a => a.Action).HasMaxLength(50);
        builder.Property(a => a.SubjectType).HasMaxLength(30);
        builder.Property(a => a.SubjectId).HasMaxLength(450);
        builder.Property(a => a.Before).HasColumnType("jsonb");
        builder.Property(a => a.After).HasColumnType("jsonb");
        builder.Property(a => a.At).HasDefaultValueSql("now()");
        // /admin/audit pages newest first.
        builder.HasIndex(a => a.At).IsDescending();
        builder.HasIndex(a => new { a.SubjectType, a.SubjectId });
    }
}
