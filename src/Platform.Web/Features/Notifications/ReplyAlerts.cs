using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Web.Features.Comments;
using Platform.Web.Infrastructure.Data;
using Platform.Web.Features.Mail;

namespace Platform.Web.Features.Notifications;

/// What a reply sets off, inside the transaction that inserts it: an in-app notification for every
/// subscriber of the thread but its author, and for those who take e-mail immediately, a reply
/// alert in the outbox that waits <see cref="NotificationOptions.ReplyDelay"/>.
///
/// Later replies in that window fold into the alert already queued (same recipient and thread)
/// instead of queueing a second mail. Whether the alert still goes out, and what it says, is
/// decided when it is due, by <see cref="ReplyAlertSendCheck"/>: it lists the window's replies that
/// are still visible and unread, and cancels the mail when none are or the recipient has muted the
/// thread or changed their preference. One check at send time covers every way an alert can go
/// stale (delete, moderation, read, mute, preference) without each of them having to find and
/// cancel queued mail.
public sealed class ReplyAlerts(Outbox outbox, ReplyAlertMail mail, IOptions<NotificationOptions> options, TimeProvider clock)
{
    public async Task OnReplyAsync(PlatformDbContext db, Comment reply, CancellationToken ct)
    {
        var threadId = reply.ThreadId ?? throw new ArgumentException("Not a reply.", nameof(reply));
        var now = clock.GetUtcNow();
        var followers = ThreadSubscription.FollowersOf(db, threadId);
        var subscribers = await db.Users
            .Where(u => followers.Contains(u.Id) && u.Id != reply.AuthorId && u.DeletedAt == null)
            .Select(u => new
            {
                u.Id,
                u.Email,
                u.EmailConfirmed,
                u.DisplayName,
                u.Language,
                Mode = db.Set<NotificationPreference>().Where(p => p.UserId == u.Id).Select(p => (ReplyEmail?)p.ReplyEmail).FirstOrDefault(),
            })
            .ToListAsync(ct);
        if (subscribers.Count == 0)
        {
            return;
        }
        var line = await db.Set<Comment>()
            .Where(c => c.Id == reply.Id)
            .Select(c => new ReplyLine(c.Id, threadId, c.Author.DisplayName, c.BodyMarkdown, c.Lesson.Title))
            .SingleAsync(ct);

        foreach (var subscriber in subscribers)
        {
            var notification = new Notification
            {
                UserId = subscriber.Id,
                CommentId = reply.Id,
                ThreadId = threadId,
                CreatedAt = now,
            };
            if ((subscriber.Mode ?? ReplyEmail.Immediate) == ReplyEmail.Immediate && subscriber.EmailConfirmed && subscriber.Email is not null)
            {
                notification.MailKey = await FoldIntoQueuedAlertAsync(db, subscriber.Id, threadId, now, ct);
                if (notification.MailKey is null)
                {
                    var key = ReplyAlertMail.AlertKey(subscriber.Id, threadId, now);
                    var revision = mail.Alert(subscriber.DisplayName, subscriber.Language, subscriber.Id, threadId, [line]);
                    outbox.Enqueue(db, new OutgoingMail(key, subscriber.Email, revision.Subject, revision.Body)
                    {
                        DueAt = now + options.Value.ReplyDelay,
                        Headers = mail.AlertHeaders(subscriber.Id, threadId),
                    });
                    notification.MailKey = key;
                }
            }
            db.Add(notification);
        }
        await db.SaveChangesAsync(ct);
    }

    /// The key of this recipient's alert for the thread that is still waiting, if any. The UPDATE
    /// locks that row until our transaction ends: the dispatcher claims with SKIP LOCKED, so it
    /// cannot send the alert before this reply's notification is committed and visible to the
    /// send check. A row already claimed ('sending') no longer matches, and the reply gets its own.
    private static async Task<string?> FoldIntoQueuedAlertAsync(
        PlatformDbContext db, string userId, long threadId, DateTimeOffset now, CancellationToken ct)
    {
        var prefix = ReplyAlertMail.AlertKeyPrefix(userId, threadId) + "%";
        var keys = await db.Database.SqlQuery<string>(
            $"""
            UPDATE email_outbox SET due_at = due_at
             WHERE id = (SELECT id FROM email_outbox
                          WHERE status = 'queued' AND dedupe_key LIKE {prefix} AND due_at > {now}
                          ORDER BY due_at LIMIT 1
                            FOR UPDATE)
            RETURNING dedupe_key AS "Value"
            """).ToListAsync(ct);
        return keys.FirstOrDefault();
    }
}

/// Decides, when a reply alert is due, whether it goes out and with which replies.
internal sealed class ReplyAlertSendCheck(IServiceScopeFactory scopes) : IOutboxSendCheck
{
    public string DedupeKeyPrefix => ReplyAlertMail.AlertPrefix;

    public async Task<MailRevision?> ReviseAsync(string dedupeKey, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var mail = scope.ServiceProvider.GetRequiredService<ReplyAlertMail>();
        var pending = await db.Set<Notification>().AsNoTracking()
            .Where(n => n.MailKey == dedupeKey && n.ReadAt == null
                && n.Comment.DeletedAt == null && n.Comment.HiddenAt == null
                && !db.Set<NotificationPreference>().Any(p => p.UserId == n.UserId && p.ReplyEmail != ReplyEmail.Immediate))
            .OrderBy(n => n.CommentId)
            .Select(n => new
            {
                n.UserId,
                Line = new ReplyLine(n.CommentId, n.ThreadId, n.Comment.Author.DisplayName, n.Comment.BodyMarkdown, n.Comment.Lesson.Title),
            })
            .ToListAsync(ct);
        if (pending.Count == 0)
        {
            return null;
        }
        // One recipient and one thread per alert (its key names both): they must still follow it.
        var followers = ThreadSubscription.FollowersOf(db, pending[0].Line.ThreadId);
        var recipient = await db.Users.AsNoTracking()
            .Where(u => u.Id == pending[0].UserId && u.DeletedAt == null && followers.Contains(u.Id))
            .Select(u => new { u.DisplayName, u.Language })
            .FirstOrDefaultAsync(ct);
        return recipient is null
            ? null
            : mail.Alert(recipient.DisplayName, recipient.Language, pending[0].UserId, pending[0].Line.ThreadId, pending.Select(p => p.Line).ToList());
    }
}
