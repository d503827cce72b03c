using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Web.Infrastructure.Hosting;

namespace Platform.Web.Features.Mail;

/// A message a feature wants sent. <see cref="DedupeKey"/> names what it is about, so the same
/// alert cannot be queued twice; <see cref="DueAt"/> in the future delays it (reply alerts).
public sealed record OutgoingMail(string DedupeKey, string To, string Subject, MailBody Body)
{
    public DateTimeOffset? DueAt { get; init; }

    public IReadOnlyDictionary<string, string>? Headers { get; init; }
}

/// The one way e-mail leaves the platform: <see cref="Enqueue"/> adds a row to the caller's
/// DbContext, so it commits (or rolls back) with the change that caused it. The dispatcher learns
/// of it from a PostgreSQL NOTIFY sent by a trigger on insert, which PostgreSQL delivers only at
/// commit: every instance wakes, a rolled-back message never existed.
public sealed class Outbox(IOptions<SiteOptions> site, TimeProvider clock)
{
    public OutboxMessage Enqueue(DbContext db, OutgoingMail mail)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mail.DedupeKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(mail.To);
        var now = clock.GetUtcNow();
        var message = new OutboxMessage
        {
            DedupeKey = mail.DedupeKey,
            MessageId = MessageIdFor(mail.DedupeKey, site.Value.PublicUrl),
            To = mail.To,
            Subject = mail.Subject,
            Html = mail.Body.Html,
            Text = mail.Body.Text,
            Headers = JsonSerializer.Serialize(mail.Headers ?? new Dictionary<string, string>()),
            Status = OutboxStatus.Queued,
            DueAt = mail.DueAt ?? now,
            CreatedAt = now,
        };
        db.Set<OutboxMessage>().Add(message);
        return message;
    }

    /// Deterministic: the same dedupe key always gives the same Message-ID, so a message sent
    /// again after a crash is recognisable as the same one by the receiving side.
    public static string MessageIdFor(string dedupeKey, string publicUrl)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(dedupeKey)))[..32];
        var host = Uri.TryCreate(publicUrl, UriKind.Absolute, out var uri) ? uri.Host : "localhost";
        return $"{hash}@{host}";
    }
}
