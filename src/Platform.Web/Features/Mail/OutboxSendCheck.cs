namespace Platform.Web.Features.Mail;

/// For mail whose content or whole point depends on the state when it is due, not when it was
/// queued (a delayed reply alert: the reply may be deleted, the alert read, the thread muted in
/// the meantime). The dispatcher asks the check registered for a row's dedupe-key prefix right
/// before sending it: the answer is the mail to send now, or null to cancel the row.
public interface IOutboxSendCheck
{
    /// Rows whose dedupe key starts with this go through the check ("reply:").
    string DedupeKeyPrefix { get; }

    Task<MailRevision?> ReviseAsync(string dedupeKey, CancellationToken ct);
}

public sealed record MailRevision(string Subject, MailBody Body);
