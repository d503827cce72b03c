using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Npgsql;

namespace Platform.Web.Features.Mail;

public enum OutboxStatus
{
    Queued,
    Sending,
    Sent,
    Parked,
    /// A send check (<see cref="IOutboxSendCheck"/>) found, when it was due, that it should not go out.
    Cancelled,
}

/// One e-mail on its way out. Rows are added by <see cref="Outbox.Enqueue"/> in the caller's
/// transaction and moved along by <see cref="OutboxDispatcher"/>.
public sealed class OutboxMessage
{
    public const string DedupeKeyIndex = "ux_email_outbox_dedupe_key";

    public long Id { get; set; }

    /// What makes this message unique in the product ("reply-alert:{comment}:{user}"): the same
    /// alert cannot be queued twice.
    public string DedupeKey { get; set; } = "";

    /// Message-ID header without angle brackets, derived from the dedupe key.
    public string MessageId { get; set; } = "";

    public string To { get; set; } = "";

    public string Subject { get; set; } = "";

    public string Html { get; set; } = "";

    public string Text { get; set; } = "";

    /// Extra headers (e.g. List-Unsubscribe) as a JSON object of name → value.
    public string Headers { get; set; } = "{}";

    public OutboxStatus Status { get; set; } = OutboxStatus.Queued;

    public int Attempts { get; set; }

    public DateTimeOffset DueAt { get; set; }

    /// While 'sending': the claim's owner and until when it holds; an expired lease is claimable again.
    public Guid? LeaseToken { get; set; }

    public DateTimeOffset? LeaseUntil { get; set; }

    public string? LastError { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    /// True when <paramref name="e"/> is the dedupe constraint refusing a message already queued.
    public static bool IsDuplicate(DbUpdateException e) =>
        e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: DedupeKeyIndex };
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("email_outbox", t => t.HasCheckConstraint(
            "ck_email_outbox_status", "status IN ('queued', 'sending', 'sent', 'parked', 'cancelled')"));
        builder.Property(m => m.Id).UseIdentityAlwaysColumn();
        builder.Property(m => m.DedupeKey).HasMaxLength(300).IsRequired();
        builder.HasIndex(m => m.DedupeKey).IsUnique().HasDatabaseName(OutboxMessage.DedupeKeyIndex);
        builder.Property(m => m.MessageId).HasMaxLength(300).IsRequired();
        // "to" is a reserved word in SQL; the dispatcher's hand-written SQL is easier without quoting.
        builder.Property(m => m.To).HasColumnName("to_address").HasMaxLength(320).IsRequired();
        builder.Property(m => m.Subject).HasMaxLength(500).IsRequired();
        builder.Property(m => m.Html).IsRequired();
        builder.Property(m => m.Text).IsRequired();
        builder.Property(m => m.Headers).HasColumnType("jsonb").HasDefaultValueSql("'{}'::jsonb").IsRequired();
        builder.Property(m => m.Status)
            .HasConversion(s => s.ToString().ToLowerInvariant(), s => Enum.Parse<OutboxStatus>(s, true))
            .HasMaxLength(10);
        builder.Property(m => m.CreatedAt).HasDefaultValueSql("now()");
        // The dispatcher's claim query: due queued rows and expired leases, oldest first.
        builder.HasIndex(m => new { m.Status, m.DueAt });
    }
}
