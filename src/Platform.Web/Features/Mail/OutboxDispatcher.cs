using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using MimeKit;
using Npgsql;
using Platform.Web.Infrastructure.Telemetry;

namespace Platform.Web.Features.Mail;

/// Sends what the outbox holds. Each round claims a batch of due rows in one short statement
/// (FOR UPDATE SKIP LOCKED, then status 'sending' with a lease), sends them, and marks each one
/// sent or failed. Several instances can run against one database: a row is claimed by one of
/// them at a time, so in normal operation every message is sent exactly once.
///
/// The trade-off: if an instance dies after the SMTP server accepted a message but before the row
/// is marked sent, the lease expires and another instance sends it again. That is at-least-once
/// for crashes, chosen over the alternative (mark sent first) which would lose mail silently. The
/// repeat carries the same Message-ID, so mail systems and readers can tell it is the same message.
internal sealed partial class OutboxDispatcher(
    NpgsqlDataSource dataSource,
    IMailTransport transport,
    IOptions<OutboxOptions> options,
    IOptions<SmtpOptions> smtp,
    IEnumerable<IOutboxSendCheck> sendChecks,
    TimeProvider clock,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    /// The NOTIFY channel; the insert trigger on email_outbox sends on it.
    public const string Channel = "email_outbox";

    private readonly Channel<bool> _wake = System.Threading.Channels.Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var listening = ListenAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (!stoppingToken.IsCancellationRequested && await DispatchBatchAsync(stoppingToken) > 0)
                {
                }
                await WaitForWorkAsync(await NextDueAsync(stoppingToken), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // Never let one bad round stop the host: rows it had claimed come back when their
                // lease runs out.
                logger.LogError(e, "The outbox dispatcher failed a round; retrying shortly.");
                await DelayAsync(TimeSpan.FromSeconds(5), stoppingToken);
            }
        }
        await listening;
    }

    /// Claims one batch and sends it; returns how many rows it claimed. When the host stops
    /// (<paramref name="stopping"/>), the message being handed to the SMTP server is finished, so
    /// its row tells the truth, and the rows not yet sent go back to the queue at once for another
    /// instance (or the next start) instead of waiting out their lease.
    internal async Task<int> DispatchBatchAsync(CancellationToken stopping)
    {
        var claimed = await ClaimAsync(stopping);
        if (claimed.Count == 0)
        {
            return 0;
        }

        IMailConnection? connection = null;
        Exception? connectError = null;
        var next = 0;
        try
        {
            try
            {
                connection = await transport.ConnectAsync(stopping);
            }
            catch (Exception e) when (IsDeliveryFailure(e))
            {
                connectError = e;
            }

            // Past the claim, nothing is cancelled half-way: each row ends sent, failed, cancelled or released.
            for (; next < claimed.Count && !stopping.IsCancellationRequested; next++)
            {
                var row = claimed[next];
                if (connection is null)
                {
                    await MarkFailedAsync(row, connectError!);
                    continue;
                }
                ClaimedRow? ready;
                try
                {
                    ready = await ReviseAsync(row, CancellationToken.None);
                }
                catch (Exception e) when (e is System.Data.Common.DbException or TimeoutException or InvalidOperationException)
                {
                    await MarkFailedAsync(row, e);
                    continue;
                }
                if (ready is null)
                {
                    await MarkCancelledAsync(row);
                    continue;
                }
                try
                {
                    await connection.SendAsync(ToMime(ready), CancellationToken.None);
                }
                catch (Exception e) when (IsDeliveryFailure(e))
                {
                    await MarkFailedAsync(row, e);
                    continue;
                }
                await MarkSentAsync(row);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopped while connecting: nothing of this batch went out.
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
            if (next < claimed.Count)
            {
                await ReleaseAsync(claimed[next..]);
            }
        }
        return claimed.Count;
    }

    /// Hands claimed rows back unsent: queued as they were, the attempt not counted, and every
    /// instance woken to take them.
    private async Task ReleaseAsync(List<ClaimedRow> rows)
    {
        await using var command = dataSource.CreateCommand(
            """
            UPDATE email_outbox
               SET status = 'queued', attempts = attempts - 1, lease_token = NULL, lease_until = NULL
             WHERE id = ANY(@ids) AND lease_token = @token;
            SELECT pg_notify(@channel, '');
            """);
        command.Parameters.AddWithValue("ids", rows.Select(r => r.Id).ToArray());
        command.Parameters.AddWithValue("token", rows[0].LeaseToken);
        command.Parameters.AddWithValue("channel", Channel);
        await command.ExecuteNonQueryAsync(CancellationToken.None);
        LogReleased(rows.Count);
    }

    private async Task<List<ClaimedRow>> ClaimAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var token = Guid.NewGuid();
        await using var command = dataSource.CreateCommand(
            """
            UPDATE email_outbox o
               SET status = 'sending', attempts = o.attempts + 1, lease_token = @token, lease_until = @lease_until
             WHERE o.id IN (
                   SELECT id FROM email_outbox
                    WHERE (status = 'queued' AND due_at <= @now) OR (status = 'sending' AND lease_until <= @now)
                    ORDER BY due_at, id
                    LIMIT @batch
                      FOR UPDATE SKIP LOCKED)
            RETURNING o.id, o.message_id, o.to_address, o.subject, o.html, o.text, o.headers::text, o.attempts, o.created_at, o.dedupe_key
            """);
        command.Parameters.AddWithValue("token", token);
        command.Parameters.AddWithValue("lease_until", now + options.Value.Lease);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("batch", Math.Max(1, options.Value.BatchSize));
        var rows = new List<ClaimedRow>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new ClaimedRow(
                reader.GetInt64(0), token, reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.GetInt32(7),
                reader.GetFieldValue<DateTimeOffset>(8), reader.GetString(9)));
        }
        return rows.OrderBy(r => r.Id).ToList();
    }

    /// The row as it should go out now: unchanged when no check covers it, rewritten (in the table
    /// too, so the record shows what was sent) when its check revised it, null when it cancelled it.
    private async Task<ClaimedRow?> ReviseAsync(ClaimedRow row, CancellationToken ct)
    {
        var check = sendChecks.FirstOrDefault(c => row.DedupeKey.StartsWith(c.DedupeKeyPrefix, StringComparison.Ordinal));
        if (check is null)
        {
            return row;
        }
        var revision = await check.ReviseAsync(row.DedupeKey, ct);
        if (revision is null)
        {
            return null;
        }
        await using var command = dataSource.CreateCommand(
            "UPDATE email_outbox SET subject = @subject, html = @html, text = @text WHERE id = @id AND lease_token = @token");
        command.Parameters.AddWithValue("subject", revision.Subject);
        command.Parameters.AddWithValue("html", revision.Body.Html);
        command.Parameters.AddWithValue("text", revision.Body.Text);
        command.Parameters.AddWithValue("id", row.Id);
        command.Parameters.AddWithValue("token", row.LeaseToken);
        await command.ExecuteNonQueryAsync(ct);
        return row with { Subject = revision.Subject, Html = revision.Body.Html, Text = revision.Body.Text };
    }

    private async Task MarkCancelledAsync(ClaimedRow row)
    {
        await using var command = dataSource.CreateCommand(
            """
            UPDATE email_outbox
               SET status = 'cancelled', lease_token = NULL, lease_until = NULL, last_error = NULL
             WHERE id = @id AND lease_token = @token
            """);
        command.Parameters.AddWithValue("id", row.Id);
        command.Parameters.AddWithValue("token", row.LeaseToken);
        await command.ExecuteNonQueryAsync(CancellationToken.None);
        LogCancelled(row.Id, row.To);
    }

    private async Task MarkSentAsync(ClaimedRow row)
    {
        await using var command = dataSource.CreateCommand(
            """
            UPDATE email_outbox
               SET status = 'sent', sent_at = @now, lease_token = NULL, lease_until = NULL, last_error = NULL
             WHERE id = @id AND lease_token = @token
            """);
        command.Parameters.AddWithValue("now", clock.GetUtcNow());
        command.Parameters.AddWithValue("id", row.Id);
        command.Parameters.AddWithValue("token", row.LeaseToken);
        await command.ExecuteNonQueryAsync(CancellationToken.None);
        PlatformMetrics.MailSent.Add(1);
        LogSent(row.Id, row.To);
    }

    private async Task MarkFailedAsync(ClaimedRow row, Exception error)
    {
        var schedule = options.Value.RetrySchedule;
        var park = row.Attempts > schedule.Count;
        var now = clock.GetUtcNow();
        await using var command = dataSource.CreateCommand(
            """
            UPDATE email_outbox
               SET status = @status, due_at = @due_at, last_error = @error, lease_token = NULL, lease_until = NULL
             WHERE id = @id AND lease_token = @token
            """);
        command.Parameters.AddWithValue("status", park ? "parked" : "queued");
        command.Parameters.AddWithValue("due_at", park ? now : now + schedule[row.Attempts - 1]);
        command.Parameters.AddWithValue("error", $"{error.GetType().Name}: {error.Message}");
        command.Parameters.AddWithValue("id", row.Id);
        command.Parameters.AddWithValue("token", row.LeaseToken);
        await command.ExecuteNonQueryAsync(CancellationToken.None);
        PlatformMetrics.MailFailures.Add(1, new KeyValuePair<string, object?>("parked", park));
        if (park)
        {
            logger.LogError(error, "Outbox message {Id} to {To} parked after {Attempts} attempts.", row.Id, row.To, row.Attempts);
        }
        else
        {
            logger.LogWarning("Outbox message {Id} to {To} failed (attempt {Attempts}): {Error}", row.Id, row.To, row.Attempts, error.Message);
        }
    }

    /// When the next row becomes due (a queued row's due time or a lease running out), if any.
    private async Task<DateTimeOffset?> NextDueAsync(CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT min(CASE WHEN status = 'queued' THEN due_at ELSE lease_until END)
              FROM email_outbox WHERE status IN ('queued', 'sending')
            """);
        var value = await command.ExecuteScalarAsync(ct);
        return value is DateTime utc ? new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)) : null;
    }

    private async Task WaitForWorkAsync(DateTimeOffset? nextDue, CancellationToken ct)
    {
        var wait = options.Value.PollInterval;
        if (nextDue is { } due)
        {
            var untilDue = due - clock.GetUtcNow();
            wait = untilDue < wait ? untilDue : wait;
        }
        if (wait <= TimeSpan.Zero)
        {
            return;
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(wait);
        try
        {
            await _wake.Reader.WaitToReadAsync(timeout.Token);
            _wake.Reader.TryRead(out _);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // Timed out: time to look again.
        }
    }

    private void Wake() => _wake.Writer.TryWrite(true);

    /// Holds one connection that LISTENs for inserts, and wakes the loop on each notification.
    private async Task ListenAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(ct);
                connection.Notification += (_, _) => Wake();
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(ct);
                }
                // Anything queued while we were not listening.
                Wake();
                while (true)
                {
                    await connection.WaitAsync(ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                logger.LogWarning(e, "The outbox listener lost its database connection; reconnecting shortly.");
                await DelayAsync(TimeSpan.FromSeconds(5), ct);
            }
        }
    }

    private async Task DelayAsync(TimeSpan delay, CancellationToken ct)
    {
        try
        {
            await Task.Delay(delay, clock, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private MimeMessage ToMime(ClaimedRow row)
    {
        var message = new MimeMessage
        {
            MessageId = row.MessageId,
            Subject = row.Subject,
            Date = row.CreatedAt,
        };
        message.From.Add(MailboxAddress.Parse(smtp.Value.From));
        message.To.Add(MailboxAddress.Parse(row.To));
        foreach (var (name, value) in JsonSerializer.Deserialize<Dictionary<string, string>>(row.HeadersJson) ?? [])
        {
            message.Headers.Add(name, value);
        }
        message.Body = new BodyBuilder { TextBody = row.Text, HtmlBody = row.Html }.ToMessageBody();
        return message;
    }

    private static bool IsDeliveryFailure(Exception e) =>
        e is IOException or System.Net.Sockets.SocketException or TimeoutException or UnauthorizedAccessException
            or MailKit.ProtocolException or MailKit.CommandException or MailKit.Security.AuthenticationException
            or System.Security.Authentication.AuthenticationException or ParseException or FormatException or JsonException
            or MailKit.ServiceNotConnectedException or MailKit.ServiceNotAuthenticatedException
            || (e is OperationCanceledException && e.InnerException is TimeoutException);

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox message {Id} to {To} cancelled by its send check.")]
    private partial void LogCancelled(long id, string to);

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox: {Count} claimed message(s) handed back unsent on shutdown.")]
    private partial void LogReleased(int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox message {Id} sent to {To}.")]
    private partial void LogSent(long id, string to);

    private sealed record ClaimedRow(
        long Id, Guid LeaseToken, string MessageId, string To, string Subject, string Html, string Text,
        string HeadersJson, int Attempts, DateTimeOffset CreatedAt, string DedupeKey);
}
