using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Platform.Web.Features.Progress;
using Platform.Web.Infrastructure.Caching;
using Platform.Web.Infrastructure.Data;
using Platform.Web.Infrastructure.Localization;

namespace Platform.Web.Features.Comments;

public enum FlagResult
{
    Flagged,
    /// This flag was the one that made the comment hide until an admin decides.
    FlaggedAndHidden,
    AlreadyFlagged,
    OwnComment,
    NotFound,
    /// Only confirmed accounts (not blocked, not deleted) flag.
    NotAllowed,
    /// Over the per-learner flag rate (<see cref="CommentOptions.FlagsPerHour"/>).
    TooMany,
}

/// A comment in the admin's flag queue: its open flags (those since the last admin decision).
public sealed record FlaggedComment(
    long CommentId,
    string LessonKey,
    string LessonTitle,
    string AuthorId,
    string AuthorName,
    string BodyMarkdown,
    DateTimeOffset CreatedAt,
    DateTimeOffset? HiddenAt,
    string? HiddenReason,
    string? HiddenById,
    DateTimeOffset? DeletedAt,
    int FlagCount,
    IReadOnlyList<string> Reasons,
    DateTimeOffset LastFlaggedAt);

/// The moderation rules of comments: learners with a confirmed address flag (once each, with a
/// reason, at most <see cref="CommentOptions.FlagsPerHour"/> an hour); three open flags from
/// different accounts with standing (<see cref="HasStanding"/>) hide a comment until an admin
/// decides; admins see every flag and hide, restore or delete. An admin decision resolves the open
/// flags, so a restored comment does not hide again on the same flags. The admin area calls these;
/// each saves its own change.
public sealed class CommentModeration(TimeProvider clock, PageCacheEviction pageCache, IOptions<CommentOptions> options)
{
    public const int FlagsToHide = 3;

    /// How old an account must be before its flag counts towards hiding.
    public static readonly TimeSpan StandingAge = TimeSpan.FromDays(1);

    /// An account whose flag counts towards hiding a comment: confirmed address, not blocked or
    /// deleted, older than <see cref="StandingAge"/>, and it has done something here — completed a
    /// lesson or written a comment that is still visible. Throwaway accounts can flag (admins see
    /// it) but cannot hide anything.
    public static IQueryable<string> HasStanding(PlatformDbContext db, DateTimeOffset now)
    {
        var bornBefore = now - StandingAge;
        return db.Users
            .Where(u => u.EmailConfirmed && u.DeletedAt == null && (u.BlockedUntil == null || u.BlockedUntil <= now) && u.CreatedAt <= bornBefore
                && (db.Set<LessonCompletion>().Any(c => c.UserId == u.Id)
                    || db.Set<Comment>().Any(c => c.AuthorId == u.Id && c.DeletedAt == null && c.HiddenAt == null)))
            .Select(u => u.Id);
    }
    /// Stored as the hiding reason when flags hid a comment: a code, read in the reader's language
    /// through <see cref="ShownReason"/> (rows from before it held the Korean sentence; migration
    /// StoredTextLanguageNeutral converted them).
    public const string AutoHiddenReason = "auto:flags";

    /// A stored hiding reason as the reader reads it: the automatic one in their language, an
    /// admin's as the admin wrote it.
    public static string? ShownReason(string? stored) =>
        stored == AutoHiddenReason ? Localized.Text<CommentsText>("Admin.AutoHiddenReason") : stored;


    public async Task<FlagResult> FlagAsync(PlatformDbContext db, long commentId, string userId, string reason, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        var now = clock.GetUtcNow();
        var flagger = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.EmailConfirmed, u.DeletedAt, u.BlockedUntil }).FirstOrDefaultAsync(ct);
        if (flagger is null || !flagger.EmailConfirmed || flagger.DeletedAt is not null || flagger.BlockedUntil > now)
        {
            return FlagResult.NotAllowed;
        }
        var hourAgo = now.AddHours(-1);
        if (await db.Set<CommentFlag>().CountAsync(f => f.UserId == userId && f.CreatedAt > hourAgo, ct) >= options.Value.FlagsPerHour)
        {
            return FlagResult.TooMany;
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // One flag at a time per comment: the third flag, and only it, hides the comment.
        var comment = await db.Set<Comment>()
            .FromSql($"SELECT * FROM comments WHERE id = {commentId} FOR UPDATE")
            .FirstOrDefaultAsync(ct);
        if (comment is null || comment.DeletedAt is not null)
        {
            return FlagResult.NotFound;
        }
        if (comment.AuthorId == userId)
        {
            return FlagResult.OwnComment;
        }
        if (await db.Set<CommentFlag>().AnyAsync(f => f.CommentId == commentId && f.UserId == userId, ct))
        {
            return FlagResult.AlreadyFlagged;
        }
        db.Add(new CommentFlag { CommentId = commentId, UserId = userId, Reason = reason.Trim(), CreatedAt = now });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return FlagResult.AlreadyFlagged;
        }
        var standing = HasStanding(db, now);
        var open = await OpenFlags.Of(db, commentId).CountAsync(f => standing.Contains(f.UserId), ct);
        var hides = comment.HiddenAt is null && open >= FlagsToHide;
        if (hides)
        {
            comment.HiddenAt = now;
            comment.HiddenReason = AutoHiddenReason;
            comment.HiddenById = null;
            await db.SaveChangesAsync(ct);
        }
        await transaction.CommitAsync(ct);
        if (hides)
        {
            await pageCache.LessonChangedAsync(comment.LessonId, ct);
        }
        return hides ? FlagResult.FlaggedAndHidden : FlagResult.Flagged;
    }

    /// Comments with open flags, most flagged first.
    public async Task<IReadOnlyList<FlaggedComment>> FlagQueueAsync(PlatformDbContext db, CancellationToken ct = default)
    {
        var open = OpenFlags.Of(db);
        var rows = await db.Set<Comment>().AsNoTracking()
            .Where(c => open.Any(f => f.CommentId == c.Id))
            .Select(c => new
            {
                c.Id,
                Course = c.Lesson.Course.Slug,
                Lesson = c.Lesson.Slug,
                LessonTitle = c.Lesson.Title,
                c.AuthorId,
                AuthorName = c.Author.DisplayName,
                c.BodyMarkdown,
                c.CreatedAt,
                c.HiddenAt,
                c.HiddenReason,
                c.HiddenById,
                c.DeletedAt,
                Flags = open.Where(f => f.CommentId == c.Id)
                    .OrderBy(f => f.CreatedAt).Select(f => new { f.Reason, f.CreatedAt }).ToList(),
            })
            .ToListAsync(ct);
        return rows
            .Select(r => new FlaggedComment(
                r.Id, $"{r.Course}/{r.Lesson}", r.LessonTitle, r.AuthorId, r.AuthorName, r.BodyMarkdown, r.CreatedAt,
                r.HiddenAt, r.HiddenReason, r.HiddenById, r.DeletedAt, r.Flags.Count, r.Flags.Select(f => FlagReasons.Shown(f.Reason)).ToList(), r.Flags[^1].CreatedAt))
            .OrderByDescending(r => r.FlagCount).ThenBy(r => r.LastFlaggedAt)
            .ToList();
    }

    public Task<bool> HideAsync(
        PlatformDbContext db, long commentId, string adminId, string reason, Action<ModerationDecision>? record = null, CancellationToken ct = default) =>
        DecideAsync(db, commentId, record, ct, (comment, now) =>
        {
            comment.HiddenAt = now;
            comment.HiddenReason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
            comment.HiddenById = adminId;
        });

    public Task<bool> RestoreAsync(
        PlatformDbContext db, long commentId, string adminId, Action<ModerationDecision>? record = null, CancellationToken ct = default) =>
        DecideAsync(db, commentId, record, ct, (comment, _) =>
        {
            comment.HiddenAt = null;
            comment.HiddenReason = null;
            comment.HiddenById = null;
        });

    public Task<bool> DeleteAsync(
        PlatformDbContext db, long commentId, string adminId, Action<ModerationDecision>? record = null, CancellationToken ct = default) =>
        DecideAsync(db, commentId, record, ct, (comment, now) => comment.DeletedAt ??= now);

    /// Applies an admin's decision and resolves the comment's open flags; false when there is no such comment.
    /// <paramref name="record"/> runs only when the decision changes something, before the save: what it adds
    /// to <paramref name="db"/> (the audit row) commits or rolls back with the decision.
    private async Task<bool> DecideAsync(
        PlatformDbContext db, long commentId, Action<ModerationDecision>? record, CancellationToken ct, Action<Comment, DateTimeOffset> decide)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var comment = await db.Set<Comment>()
            .FromSql($"SELECT * FROM comments WHERE id = {commentId} FOR UPDATE")
            .FirstOrDefaultAsync(ct);
        if (comment is null)
        {
            return false;
        }
        var openFlags = await OpenFlags.Of(db, commentId).CountAsync(ct);
        var before = ModerationState.Of(comment, openFlags);
        var now = clock.GetUtcNow();
        decide(comment, now);
        var after = ModerationState.Of(comment, 0);
        if (before == after)
        {
            // Nothing to decide: no open flags, and the comment already is as asked.
            db.Entry(comment).State = EntityState.Unchanged;
            return true;
        }
        record?.Invoke(new ModerationDecision(comment.Id, comment.LessonId, before, after));
        await db.SaveChangesAsync(ct);
        await OpenFlags.Of(db, commentId)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.ResolvedAt, now), ct);
        await transaction.CommitAsync(ct);
        await pageCache.LessonChangedAsync(comment.LessonId, ct);
        return true;
    }
}

/// What others see of a comment, as the audit log records it before and after a decision.
public sealed record ModerationState(string State, string? HiddenReason, int OpenFlags)
{
    public const string Visible = "visible";
    public const string Hidden = "hidden";
    public const string Deleted = "deleted";

    public static ModerationState Of(Comment comment, int openFlags) => new(
        comment.DeletedAt is not null ? Deleted : comment.HiddenAt is not null ? Hidden : Visible,
        comment.DeletedAt is null ? comment.HiddenReason : null,
        openFlags);
}

/// An admin's decision on a comment that changed it or closed its open flags.
public sealed record ModerationDecision(long CommentId, int LessonId, ModerationState Before, ModerationState After);
