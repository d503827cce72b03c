using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Web.Features.Account;
using Platform.Web.Features.Lessons;
using Platform.Web.Features.Notifications;
using Platform.Web.Features.Progress;
using Platform.Web.Infrastructure.Caching;
using Platform.Web.Infrastructure.Data;
using Platform.Web.Infrastructure.Telemetry;

namespace Platform.Web.Features.Comments;

/// The result of posting: the new comment's id, or why not (an HTTP status and a Korean message;
/// <see cref="RetryAfter"/> when the rate limit refused it).
public sealed record PostOutcome(long? CommentId, int Status, string? Message, TimeSpan? RetryAfter = null)
{
    public static PostOutcome Refused(int status, string message) => new(null, status, message);
}

/// Posting a comment or a reply. Everything happens in one transaction: the rate-limit count, the
/// comment, the author's thread subscription, and for a reply the subscribers' notifications and
/// queued e-mails.
public sealed class CommentPosting(
    PlatformDbContext db, LessonMarkdown markdown, ReplyAlerts alerts, ProgressLedger progress, PageCacheEviction pageCache,
    IOptions<CommentOptions> options, TimeProvider clock)
{
    public async Task<PostOutcome> PostAsync(string userId, string? lessonKey, long? replyToId, string? text, CancellationToken ct)
    {
        var body = CommentText.Normalize(text);
        if (CommentText.Problem(body) is { } problem)
        {
            return PostOutcome.Refused(StatusCodes.Status400BadRequest, problem);
        }
        var author = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, ct);
        if (author is null || author.DeletedAt is not null || !author.EmailConfirmed)
        {
            return PostOutcome.Refused(StatusCodes.Status403Forbidden, "이메일 주소를 확인한 뒤에 댓글을 남길 수 있어요.");
        }
        if (Blocks.IsBlocked(author, clock.GetUtcNow()))
        {
            return PostOutcome.Refused(StatusCodes.Status403Forbidden, Blocks.Explain(author));
        }
        var lesson = await FindLessonAsync(db, lessonKey, ct);
        if (lesson is null)
        {
            return PostOutcome.Refused(StatusCodes.Status404NotFound, "댓글을 남길 레슨을 찾을 수 없어요.");
        }

        long? threadId = null;
        long? answersId = null;
        if (replyToId is { } parentId)
        {
            var parent = await db.Set<Comment>().AsNoTracking()
                .Where(c => c.Id == parentId && c.LessonId == lesson.Id)
                .Select(c => new { c.Id, c.ThreadId, c.DeletedAt, c.HiddenAt })
                .FirstOrDefaultAsync(ct);
            if (parent is null)
            {
                return PostOutcome.Refused(StatusCodes.Status404NotFound, "답글을 달 댓글을 찾을 수 없어요.");
            }
            if (parent.DeletedAt is not null || parent.HiddenAt is not null)
            {
                return PostOutcome.Refused(StatusCodes.Status400BadRequest, "삭제되었거나 숨겨진 댓글에는 답글을 달 수 없어요.");
            }
            // One level: a reply to a reply joins the first comment's thread and names whom it answers.
            threadId = parent.ThreadId ?? parent.Id;
            answersId = parent.ThreadId is null ? null : parent.Id;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Serializes this author's posts across every app instance, so the count below sees all of them.
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({"comments:" + userId}, 0))", ct);
        var now = clock.GetUtcNow();
        if (await RetryAfterAsync(userId, now, ct) is { } retryAfter)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            return new PostOutcome(null, StatusCodes.Status429TooManyRequests,
                $"댓글을 너무 자주 남기고 있어요. 1분에 {options.Value.PerMinute}개, 1시간에 {options.Value.PerHour}개까지 남길 수 있어요. " +
                $"{seconds.ToString(CultureInfo.InvariantCulture)}초 뒤에 다시 시도해 주세요.",
                TimeSpan.FromSeconds(seconds));
        }
        if (threadId is { } lockThread)
        {
            // Replies to one thread one at a time: each sees the alert the previous one queued.
            await db.Database.ExecuteSqlAsync($"SELECT id FROM comments WHERE id = {lockThread} FOR UPDATE", ct);
        }

        var comment = new Comment
        {
            LessonId = lesson.Id,
            AuthorId = userId,
            ThreadId = threadId,
            ReplyToId = answersId,
            BodyMarkdown = body,
            BodyHtml = markdown.RenderUserText(body),
            CreatedAt = now,
        };
        db.Add(comment);
        await db.SaveChangesAsync(ct);
        await progress.RecordActivityAsync(db, userId, ActivityKind.CommentPosted, $"comment:{comment.Id}", now, ct);
        await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO thread_subscriptions (thread_id, user_id, subscribed, updated_at)
            VALUES ({comment.RootId}, {userId}, TRUE, {now})
            ON CONFLICT (thread_id, user_id) DO NOTHING
            """, ct);
        if (comment.ThreadId is not null)
        {
            await alerts.OnReplyAsync(db, comment, ct);
            // A reply is received by the thread's author and by the one it answers (never by oneself).
            var answered = await db.Set<Comment>()
                .Where(c => (c.Id == comment.ThreadId || c.Id == comment.ReplyToId) && c.AuthorId != userId)
                .Select(c => c.AuthorId)
                .Distinct()
                .ToListAsync(ct);
            foreach (var receiver in answered)
            {
                await progress.RecordActivityAsync(db, receiver, ActivityKind.ReplyReceived, $"reply:{comment.Id}", now, ct);
            }
        }
        await transaction.CommitAsync(ct);
        PlatformMetrics.CommentsPosted.Add(1);
        await pageCache.LessonChangedAsync(lesson.Id, ct);
        return new PostOutcome(comment.Id, StatusCodes.Status201Created, null);
    }

    /// How long until this author may post again, or null when they may now.
    private async Task<TimeSpan?> RetryAfterAsync(string userId, DateTimeOffset now, CancellationToken ct)
    {
        var hourAgo = now - TimeSpan.FromHours(1);
        var recent = await db.Set<Comment>()
            .Where(c => c.AuthorId == userId && c.CreatedAt > hourAgo)
            .OrderBy(c => c.CreatedAt)
            .Select(c => c.CreatedAt)
            .ToListAsync(ct);
        var minuteAgo = now - TimeSpan.FromMinutes(1);
        var lastMinute = recent.Where(t => t > minuteAgo).ToList();
        TimeSpan? wait = null;
        if (lastMinute.Count >= options.Value.PerMinute)
        {
            wait = lastMinute[^options.Value.PerMinute] + TimeSpan.FromMinutes(1) - now;
        }
        if (recent.Count >= options.Value.PerHour)
        {
            var hourWait = recent[^options.Value.PerHour] + TimeSpan.FromHours(1) - now;
            wait = wait is null || hourWait > wait ? hourWait : wait;
        }
        return wait;
    }

    /// A published lesson of a published course, named "course/lesson".
    public static async Task<LessonRef?> FindLessonAsync(PlatformDbContext db, string? key, CancellationToken ct)
    {
        var parts = (key ?? "").Split('/');
        if (parts.Length != 2)
        {
            return null;
        }
        var (course, slug) = (parts[0], parts[1]);
        return await db.Lessons.AsNoTracking()
            .Where(l => l.Course.Slug == course && l.Slug == slug && l.Course.IsPublished && l.Status == LessonStatus.Published)
            .Select(l => new LessonRef(l.Id, l.Course.Slug, l.Slug, l.Title))
            .FirstOrDefaultAsync(ct);
    }
}

public sealed record LessonRef(int Id, string CourseSlug, string Slug, string Title)
{
    public string Key => $"{CourseSlug}/{Slug}";

    public string Path => $"/courses/{CourseSlug}/{Slug}";
}
