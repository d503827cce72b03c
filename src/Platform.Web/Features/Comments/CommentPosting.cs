using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Microsoft.Extensions.Options;
using Platform.Web.Features.Account;
using Platform.Web.Features.Lessons;
using Platform.Web.Features.Notifications;
using Platform.Web.Features.Progress;
using Platform.Web.Infrastructure.Caching;
using Platform.Web.Infrastructure.Data;
using Platform.Web.Infrastructure.Localization;
using Platform.Web.Infrastructure.Telemetry;

using Platform.Web.Infrastructure.Time;

namespace Platform.Web.Features.Comments;

/// The result of posting: the new comment's id, or why not (an HTTP status and a Korean message;
/// <see cref="RetryAfter"/> when the rate limit refused it).
public sealed record PostOutcome(long? CommentId, int Status, string? Message, TimeSpan? RetryAfter = null)
{
    /// The lesson posted on (when the post was taken).
    public LessonRef? Lesson { get; init; }

    public static PostOutcome Refused(int status, string message) => new(null, status, message);
}

/// Posting a comment or a reply. Everything happens in one transaction: the rate-limit count, the
/// comment, the author's thread subscription, and for a reply the subscribers' notifications and
/// queued e-mails. A new thread goes with the others arriving meanwhile (<see cref="ThreadWrites"/>),
/// unless that hands it back.
public sealed class CommentPosting(
    IServiceProvider services, LessonCatalog catalog, LessonMarkdown markdown, ReplyAlerts alerts, ProgressLedger progress, PageCacheEviction pageCache,
    ThreadWrites threads, IOptions<CommentOptions> options, TimeProvider clock)
{
    /// The request's context, taken from the request's services when a post is written on its own:
    /// a new thread that goes with a batch never needs one, and renting and returning a pooled
    /// context for nothing was about 1 % of the post's CPU.
    private PlatformDbContext Db => field ??= services.GetRequiredService<PlatformDbContext>();

    public async Task<PostOutcome> PostAsync(string userId, string? lessonKey, long? replyToId, string? text, CancellationToken ct)
    {
        var body = CommentText.Normalize(text);
        if (CommentText.Problem(body) is { } problem)
        {
            return PostOutcome.Refused(StatusCodes.Status400BadRequest, problem);
        }
        var lesson = await FindLessonAsync(catalog, lessonKey);
        if (lesson is null)
        {
            return PostOutcome.Refused(StatusCodes.Status404NotFound, Localized.Text<CommentsText>("Problem.NoLesson"));
        }

        var html = markdown.RenderUserText(body);
        if (replyToId is null && await threads.PostAsync(userId, lesson, body, html, clock.GetUtcNow(), ct) is { } batched)
        {
            if (batched.CommentId is null)
            {
                return batched;
            }
            await pageCache.LessonChangedAsync(lesson.Id, ct);
            return batched with { Lesson = lesson };
        }

        await using var transaction = await Db.Database.BeginTransactionAsync(ct);
        // All or nothing: a failed save ends the transaction, so EF Core's savepoint before each
        // save would only cost a round trip.
        Db.Database.AutoSavepointsEnabled = false;
        var now = clock.GetUtcNow();
        // One round trip: this author's lock (it serializes their posts across every app
        // instance, so the count that follows sees all of them), the new comment's id, the
        // author, their posts of the last hour and, for a reply, the comment answered with its
        // thread locked (replies to one thread go one at a time: each sees the alert the previous
        // one queued). Each statement of a batch reads after the ones before it, so all of them
        // read after the lock.
        var checks = await ReadChecksAsync(userId, lesson.Id, replyToId, now, ct);
        if (PostChecks.AuthorRefusal(checks.Author, now) is { } refused)
        {
            return refused;
        }

        long? threadId = null;
        long? answersId = null;
        if (replyToId is not null)
        {
            if (checks.Parent is not { } parent)
            {
                return PostOutcome.Refused(StatusCodes.Status404NotFound, Localized.Text<CommentsText>("Problem.NoParent"));
            }
            if (!parent.Visible)
            {
                return PostOutcome.Refused(StatusCodes.Status400BadRequest, Localized.Text<CommentsText>("Problem.ParentGone"));
            }
            // One level: a reply to a reply joins the first comment's thread and names whom it answers.
            threadId = parent.ThreadId ?? parent.Id;
            answersId = parent.ThreadId is null ? null : parent.Id;
        }
        if (PostChecks.RateRefusal(options.Value, checks.Recent, now) is { } tooOften)
        {
            return tooOften;
        }

        var comment = new Comment
        {
            Id = checks.NewId,
            LessonId = lesson.Id,
            AuthorId = userId,
            ThreadId = threadId,
            ReplyToId = answersId,
            BodyMarkdown = body,
            BodyHtml = html,
            CreatedAt = now,
        };
        // The comment (its id drawn with the checks; it is also the author's activity) and, for a
        // reply, its author's following the thread (a thread's own author follows it without a
        // row): one round trip, with the ledger's lock and record.
        List<NpgsqlBatchCommand> writes =
        [
            ProgressLedger.Command(
                """
                INSERT INTO comments (id, lesson_id, author_id, thread_id, reply_to_id, body_markdown, body_html, created_at)
                OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                """,
                comment.Id, comment.LessonId, userId, (object?)comment.ThreadId ?? DBNull.Value, (object?)comment.ReplyToId ?? DBNull.Value,
                comment.BodyMarkdown, comment.BodyHtml, now),
        ];
        if (comment.ThreadId is { } followed)
        {
            writes.Add(ProgressLedger.Command(
                """
                INSERT INTO thread_subscriptions (thread_id, user_id, subscribed, updated_at) VALUES ($1, $2, TRUE, $3)
                ON CONFLICT (thread_id, user_id) DO NOTHING
                """, followed, userId, now));
        }
        await progress.RecordCommentAsync(Db, userId, writes, ct);
        if (comment.ThreadId is not null)
        {
            await alerts.OnReplyAsync(Db, comment, ct);
            // A reply is received by the thread's author and by the one it answers (never by oneself).
            var answered = await Db.Set<Comment>()
                .Where(c => (c.Id == comment.ThreadId || c.Id == comment.ReplyToId) && c.AuthorId != userId)
                .Select(c => c.AuthorId)
                .Distinct()
                .ToListAsync(ct);
            foreach (var receiver in answered)
            {
                await progress.RecordActivityAsync(Db, receiver, ActivityKind.ReplyReceived, $"reply:{comment.Id}", now, ct);
            }
        }
        await transaction.CommitAsync(ct);
        PlatformMetrics.CommentsPosted.Add(1);
        await pageCache.LessonChangedAsync(lesson.Id, ct);
        return new PostOutcome(comment.Id, StatusCodes.Status201Created, null) { Lesson = lesson };
    }

    private sealed record ParentCheck(long Id, long? ThreadId, bool Visible);

    /// <paramref name="NewId"/>: the id the comment gets if it is posted (drawn from its sequence with the checks).
    private sealed record Checks(long NewId, AuthorCheck? Author, List<DateTimeOffset> Recent, ParentCheck? Parent);

    private async Task<Checks> ReadChecksAsync(string userId, int lessonId, long? replyToId, DateTimeOffset now, CancellationToken ct)
    {
        var connection = (NpgsqlConnection)Db.Database.GetDbConnection();
        await using var batch = new NpgsqlBatch(connection, (NpgsqlTransaction)Db.Database.CurrentTransaction!.GetDbTransaction());
        batch.BatchCommands.Add(AdvisoryLock.CommentAuthor.Command(userId));
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT nextval(pg_get_serial_sequence('comments', 'id'))"));
        batch.BatchCommands.Add(ProgressLedger.Command(
            "SELECT email_confirmed, deleted_at IS NOT NULL, blocked_until, block_reason, time_zone FROM users WHERE id = $1", userId));
        // Only the newest posts the limits can count (index on author and time): bounded by the
        // configured limits, not by how much the author has written this hour. Nothing to read
        // when both limits are off.
        var counted = PostChecks.Counted(options.Value);
        if (counted > 0)
        {
            batch.BatchCommands.Add(ProgressLedger.Command(
                """
                SELECT created_at FROM (SELECT created_at FROM comments WHERE author_id = $1 AND created_at > $2
                                         ORDER BY created_at DESC LIMIT $3) AS newest
                 ORDER BY created_at
                """, userId, PostChecks.CountedSince(options.Value, now), counted));
        }
        if (replyToId is { } parentId)
        {
            batch.BatchCommands.Add(ProgressLedger.Command(
                """
                SELECT p.id, p.thread_id, p.deleted_at IS NULL AND p.hidden_at IS NULL,
                       (SELECT t.id FROM comments t WHERE t.id = coalesce(p.thread_id, p.id) FOR UPDATE)
                  FROM comments p WHERE p.id = $1 AND p.lesson_id = $2
                """, parentId, lessonId));
        }
        await using var reader = await batch.ExecuteReaderAsync(ct);
        await reader.NextResultAsync(ct);
        await reader.ReadAsync(ct);
        var newId = reader.GetInt64(0);
        await reader.NextResultAsync(ct);
        AuthorCheck? author = null;
        if (await reader.ReadAsync(ct))
        {
            author = new AuthorCheck(
                reader.GetBoolean(0), reader.GetBoolean(1),
                reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4));
        }
        var recent = new List<DateTimeOffset>();
        if (counted > 0)
        {
            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                recent.Add(reader.GetFieldValue<DateTimeOffset>(0));
            }
        }
        ParentCheck? parent = null;
        if (replyToId is not null && await reader.NextResultAsync(ct) && await reader.ReadAsync(ct))
        {
            parent = new ParentCheck(reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetInt64(1), reader.GetBoolean(2));
        }
        return new Checks(newId, author, recent, parent);
    }

    /// A published lesson of a published course, named "course/lesson" (from the in-memory catalog).
    public static async Task<LessonRef?> FindLessonAsync(LessonCatalog catalog, string? key) =>
        (await catalog.CurrentAsync()).PublishedLesson(key) is { } l ? new LessonRef(l.Id, l.CourseSlug, l.Slug, l.Title) : null;
}

public sealed record LessonRef(int Id, string CourseSlug, string Slug, string Title)
{
    public string Key => new LessonKey(CourseSlug, Slug).ToString();

    public string Path => new LessonKey(CourseSlug, Slug).Path;
}

/// What the author's account says about posting now.
internal sealed record AuthorCheck(bool EmailConfirmed, bool Deleted, DateTimeOffset? BlockedUntil, string? BlockReason, string? TimeZone);

/// Why a post is refused, the same whichever way it is written (<see cref="CommentPosting"/>, <see cref="ThreadWrites"/>).
internal static class PostChecks
{
    /// An account that may not post (none, deleted, unconfirmed, blocked), or null.
    public static PostOutcome? AuthorRefusal(AuthorCheck? author, DateTimeOffset now)
    {
        if (author is null || author.Deleted || !author.EmailConfirmed)
        {
            return PostOutcome.Refused(StatusCodes.Status403Forbidden, Localized.Text<CommentsText>("Problem.Unconfirmed"));
        }
        return author.BlockedUntil is { } until && until > now
            ? PostOutcome.Refused(StatusCodes.Status403Forbidden, Blocks.Explain(until, author.BlockReason, PersonTime.For(author.TimeZone)))
            : null;
    }

    /// The limits refuse it (<paramref name="recent"/>: the author's newest posts, oldest first), or null.
    public static PostOutcome? RateRefusal(CommentOptions options, List<DateTimeOffset> recent, DateTimeOffset now)
    {
        if (RetryAfter(options, recent, now) is not { } retryAfter)
        {
            return null;
        }
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        return new PostOutcome(null, StatusCodes.Status429TooManyRequests,
            TooOften(options, seconds.ToString(CultureInfo.InvariantCulture)),
            TimeSpan.FromSeconds(seconds));
    }

    /// Posts of the last hour (or minute) the limits count at most: 0 when both are off.
    public static int Counted(CommentOptions options) => Math.Max(options.PerMinute, options.PerHour);

    /// From when the limits count posts.
    public static DateTimeOffset CountedSince(CommentOptions options, DateTimeOffset now) =>
        now - (options.PerHour > 0 ? TimeSpan.FromHours(1) : TimeSpan.FromMinutes(1));

    /// Why the post is refused, naming the limits that are on.
    private static string TooOften(CommentOptions options, string seconds) => (options.PerMinute, options.PerHour) switch
    {
        (0, var hour) => Localized.Text<CommentsText>("Problem.TooOftenHour", hour, seconds),
        (var minute, 0) => Localized.Text<CommentsText>("Problem.TooOftenMinute", minute, seconds),
        var (minute, hour) => Localized.Text<CommentsText>("Problem.TooOften", minute, hour, seconds),
    };

    /// How long until this author may post again, or null when they may now.
    private static TimeSpan? RetryAfter(CommentOptions options, List<DateTimeOffset> recent, DateTimeOffset now)
    {
        var minuteAgo = now - TimeSpan.FromMinutes(1);
        var lastMinute = recent.Where(t => t > minuteAgo).ToList();
        TimeSpan? wait = null;
        if (options.PerMinute > 0 && lastMinute.Count >= options.PerMinute)
        {
            wait = lastMinute[^options.PerMinute] + TimeSpan.FromMinutes(1) - now;
        }
        if (options.PerHour > 0 && recent.Count >= options.PerHour)
        {
            var hourWait = recent[^options.PerHour] + TimeSpan.FromHours(1) - now;
            wait = wait is null || hourWait > wait ? hourWait : wait;
        }
        return wait;
    }
}
