using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Web.Features.Comments;
using Platform.Web.Infrastructure.Data;
using Platform.Web.Features.Mail;
using Platform.Web.Infrastructure.Time;

namespace Platform.Web.Features.Notifications;

/// The daily digest for learners who chose it: once a day, after
/// <see cref="NotificationOptions.DigestTime"/> in the learner's own time zone, one e-mail with the reply notifications that are
/// still unread and in no earlier digest. The dedupe key names the day, so however many instances
/// run this, a learner gets at most one digest a day.
public sealed class ReplyDigest(
    PlatformDbContext db, Outbox outbox, ReplyAlertMail mail, IOptions<NotificationOptions> options, ILogger<ReplyDigest> logger)
{
    /// Queues the digests due at <paramref name="now"/>; returns how many it queued.
    public async Task<int> SendDueAsync(DateTimeOffset now, CancellationToken ct)
    {
        now = now.ToUniversalTime();
        var recipients = await db.Set<NotificationPreference>().AsNoTracking()
            .Where(p => p.ReplyEmail == ReplyEmail.Digest)
            .Where(p => db.Set<Notification>().Any(n => n.UserId == p.UserId && n.ReadAt == null && n.DigestedAt == null && n.CreatedAt <= now))
            .Select(p => new { p.UserId, TimeZone = db.Users.Where(u => u.Id == p.UserId).Select(u => u.TimeZone).FirstOrDefault() })
            .ToListAsync(ct);
        var queued = 0;
        foreach (var (userId, zone) in recipients.Select(r => (r.UserId, r.TimeZone)))
        {
            var local = PersonTime.For(zone).Local(now);
            if (local.TimeOfDay < options.Value.DigestTime)
            {
                continue;
            }
            var day = DateOnly.FromDateTime(local.DateTime);
            try
            {
                queued += await QueueAsync(userId, day, now, ct) ? 1 : 0;
            }
            catch (DbUpdateException e) when (e.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
            {
                // Another instance queued this learner's digest for the day a moment ago.
                db.ChangeTracker.Clear();
                logger.LogDebug("Digest for {User} on {Day} already queued.", userId, day);
            }
        }
        return queued;
    }

    private async Task<bool> QueueAsync(string userId, DateOnly day, DateTimeOffset now, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var key = $"{ReplyAlertMail.DigestPrefix}{userId}:{day:yyyy-MM-dd}";
        if (await db.Set<OutboxMessage>().AnyAsync(m => m.DedupeKey == key, ct))
        {
            return false;
        }
        var recipient = await db.Users.Where(u => u.Id == userId && u.DeletedAt == null && u.EmailConfirmed && u.Email != null)
            .Select(u => new { u.Email, u.DisplayName, u.Language })
            .FirstOrDefaultAsync(ct);
        var pending = await db.Set<Notification>()
            .Where(n => n.UserId == userId && n.ReadAt == null && n.DigestedAt == null && n.CreatedAt <= now)
            .OrderBy(n => n.CreatedAt).ThenBy(n => n.Id)
            .ToListAsync(ct);
        var commentIds = pending.Select(n => n.CommentId).ToList();
        var lines = await db.Set<Comment>().AsNoTracking()
            .Where(c => commentIds.Contains(c.Id) && c.DeletedAt == null && c.HiddenAt == null)
            .OrderBy(c => c.Id)
            .Select(c => new ReplyLine(c.Id, c.ThreadId ?? c.Id, c.Author.DisplayName, c.BodyMarkdown, c.Lesson.Title))
            .ToListAsync(ct);
        foreach (var notification in pending)
        {
            notification.DigestedAt = now;
        }
        if (recipient is not null && lines.Count > 0)
        {
            var revision = mail.Digest(recipient.DisplayName, recipient.Language, day, lines);
            outbox.Enqueue(db, new OutgoingMail(key, recipient.Email!, revision.Subject, revision.Body));
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return recipient is not null && lines.Count > 0;
    }
}

/// Runs <see cref="ReplyDigest"/> every <see cref="NotificationOptions.DigestPollInterval"/>.
internal sealed class ReplyDigestSchedule(
    IServiceScopeFactory scopes, IOptions<NotificationOptions> options, TimeProvider clock, ILogger<ReplyDigestSchedule> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<ReplyDigest>().SendDueAsync(clock.GetUtcNow(), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is DbUpdateException or Npgsql.NpgsqlException or InvalidOperationException or TimeoutException)
            {
                logger.LogError(e, "The reply digest failed a round; trying again later.");
            }
            try
            {
                await Task.Delay(options.Value.DigestPollInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
