using Microsoft.EntityFrameworkCore;
using Platform.Web.Infrastructure.Data;
using Platform.Web.Infrastructure.Telemetry;

namespace Platform.Web.Features.Progress;

/// Every write to a learner's progress: completions, the XP ledger, achievement awards and the
/// activity other features report. Each method works in the caller's DbContext and transaction
/// (or one of its own when the caller has none), and re-evaluates achievements there.
///
/// Uniqueness lives in the database (one completion per lesson, one XP event per source, one award
/// per achievement); rows go in with ON CONFLICT DO NOTHING, so racing requests end with one row
/// and no exception. A per-learner advisory lock serializes a learner's writes, so an evaluation
/// always sees the completions of a request that ran at the same moment.
public sealed class ProgressLedger(TimeProvider clock)
{
    // First key of the two-key advisory lock: the progress feature's namespace.
    private const int LockNamespace = 0x50524F47;

    public async Task<bool> CompleteAsync(PlatformDbContext db, string userId, int lessonId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var completed = await InTransactionAsync(db, userId, async () =>
        {
            var inserted = await db.Database.ExecuteSqlAsync(
                $"""
                INSERT INTO lesson_completions (user_id, lesson_id, completed_at) VALUES ({userId}, {lessonId}, {now})
                ON CONFLICT (user_id, lesson_id) DO NOTHING
                """, ct);
            await PayLessonXpAsync(db, userId, [lessonId], [now], ct);
            await EvaluateInTransactionAsync(db, userId, ct);
            return inserted == 1;
        }, ct);
        if (completed)
        {
            PlatformMetrics.LessonsCompleted.Add(1);
        }
        return completed;
    }

    /// Removes the completion; the lesson's XP stays (XP is paid once per lesson, ever).
    public async Task<bool> UncompleteAsync(PlatformDbContext db, string userId, int lessonId, CancellationToken ct) =>
        await InTransactionAsync(db, userId, async () =>
            await db.Set<LessonCompletion>().Where(c => c.UserId == userId && c.LessonId == lessonId).ExecuteDeleteAsync(ct) > 0, ct);

    /// The union of the account's completions and <paramref name="completions"/> (already resolved
    /// to published lessons): a lesson the account has keeps its time (what the browser says cannot
    /// rewrite the record); a new one takes the earliest time sent, no later than now and no earlier
    /// than the account itself (no backdated streaks). Returns the lessons the account did not have before.
    public async Task<IReadOnlyList<(int LessonId, DateTimeOffset CompletedAt)>> MergeAsync(
        PlatformDbContext db, string userId, IEnumerable<(int LessonId, DateTimeOffset CompletedAt)> completions, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var born = await db.Users.Where(u => u.Id == userId).Select(u => u.CreatedAt).FirstOrDefaultAsync(ct);
        var earliest = completions
            .Select(c => (c.LessonId, At: (c.CompletedAt > now ? now : c.CompletedAt < born ? born : c.CompletedAt).ToUniversalTime()))
            .GroupBy(c => c.LessonId)
            .Select(g => (LessonId: g.Key, At: g.Min(c => c.At)))
            .OrderBy(c => c.LessonId)
            .ToList();
        if (earliest.Count == 0)
        {
            return [];
        }
        var ids = earliest.Select(c => c.LessonId).ToArray();
        var times = earliest.Select(c => c.At).ToArray();
        return await InTransactionAsync(db, userId, async () =>
        {
            var before = await db.Set<LessonCompletion>()
                .Where(c => c.UserId == userId && ids.Contains(c.LessonId))
                .Select(c => c.LessonId)
                .ToListAsync(ct);
            await db.Database.ExecuteSqlAsync(
                $"""
                INSERT INTO lesson_completions (user_id, lesson_id, completed_at)
                SELECT {userId}, x.lesson_id, x.completed_at FROM unnest({ids}::integer[], {times}::timestamptz[]) AS x(lesson_id, completed_at)
                ON CONFLICT (user_id, lesson_id) DO NOTHING
                """, ct);
            await PayLessonXpAsync(db, userId, ids, times, ct);
            await EvaluateInTransactionAsync(db, userId, ct);
            var had = before.ToHashSet();
            return (IReadOnlyList<(int, DateTimeOffset)>)earliest.Where(c => !had.Contains(c.LessonId)).Select(c => (c.LessonId, c.At)).ToList();
        }, ct);
    }

    /// Records a right answer to a quiz question and pays its XP, the first time only: a later right
    /// answer (another device, a merge) changes nothing. Returns whether this was the first.
    public async Task<bool> SolveExerciseAsync(
        PlatformDbContext db, string userId, int lessonId, string exerciseId, string answer, DateTimeOffset? solvedAt, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var at = (solvedAt is { } given && given < now ? given : now).ToUniversalTime();
        var source = XpEvent.ForExercise(lessonId, exerciseId);
        return await InTransactionAsync(db, userId, async () =>
        {
            var inserted = await db.Database.ExecuteSqlAsync(
                $"""
                INSERT INTO exercise_solutions (user_id, lesson_id, exercise_id, answer, solved_at) VALUES ({userId}, {lessonId}, {exerciseId}, {answer}, {at})
                ON CONFLICT (user_id, lesson_id, exercise_id) DO NOTHING
                """, ct);
            await db.Database.ExecuteSqlAsync(
                $"""
                INSERT INTO xp_events (user_id, source, xp, created_at) VALUES ({userId}, {source}, {ProgressRules.ExerciseXp}, {at})
                ON CONFLICT (user_id, source) DO NOTHING
                """, ct);
            await EvaluateInTransactionAsync(db, userId, ct);
            return inserted == 1;
        }, ct);
    }

    /// Records something the learner did elsewhere (a comment, a reply received, an accepted report)
    /// and awards what it earns. Call it inside the transaction that saves the thing itself; the
    /// same (kind, sourceKey) twice is recorded once.
    public async Task RecordActivityAsync(
        PlatformDbContext db, string userId, ActivityKind kind, string sourceKey, DateTimeOffset occurredAt, CancellationToken ct)
    {
        var kindName = kind.ToString();
        var at = occurredAt.ToUniversalTime();
        await InTransactionAsync(db, userId, async () =>
        {
            await db.Database.ExecuteSqlAsync(
                $"""
                INSERT INTO learner_activities (user_id, kind, source_key, occurred_at) VALUES ({userId}, {kindName}, {sourceKey}, {at})
                ON CONFLICT (user_id, kind, source_key) DO NOTHING
                """, ct);
            await EvaluateInTransactionAsync(db, userId, ct);
            return true;
        }, ct);
    }

    /// Awards what the learner's record earns now (after a change of time zone, say).
    public async Task<IReadOnlyList<string>> EvaluateAsync(PlatformDbContext db, string userId, CancellationToken ct) =>
        await InTransactionAsync(db, userId, () => EvaluateInTransactionAsync(db, userId, ct), ct);

    private static async Task PayLessonXpAsync(PlatformDbContext db, string userId, int[] lessonIds, DateTimeOffset[] at, CancellationToken ct)
    {
        var sources = lessonIds.Select(XpEvent.ForLesson).ToArray();
        await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO xp_events (user_id, source, xp, created_at)
            SELECT {userId}, x.source, {ProgressRules.LessonXp}, x.created_at FROM unnest({sources}::text[], {at}::timestamptz[]) AS x(source, created_at)
            ON CONFLICT (user_id, source) DO NOTHING
            """, ct);
    }

    private static async Task<IReadOnlyList<string>> EvaluateInTransactionAsync(PlatformDbContext db, string userId, CancellationToken ct)
    {
        var zoneId = await db.Users.Where(u => u.Id == userId).Select(u => u.TimeZone).FirstOrDefaultAsync(ct);
        var completions = await db.Set<LessonCompletion>().AsNoTracking()
            .Where(c => c.UserId == userId)
            .Select(c => new Completion(c.Lesson.Course.Slug + "/" + c.Lesson.Slug, c.CompletedAt))
            .ToListAsync(ct);
        var activities = await db.Set<LearnerActivity>().AsNoTracking()
            .Where(a => a.UserId == userId)
            .Select(a => new { a.Kind, a.OccurredAt })
            .ToListAsync(ct);
        var solved = await db.Set<ExerciseSolution>().AsNoTracking()
            .Where(x => x.UserId == userId)
            .Select(x => new Completion(x.Lesson.Course.Slug + "/" + x.Lesson.Slug + "/" + x.ExerciseId, x.SolvedAt))
            .ToListAsync(ct);
        var awarded = await db.Set<AchievementAward>()
            .Where(a => a.UserId == userId)
            .Select(a => a.AchievementId)
            .ToListAsync(ct);
        var catalog = ProgressCatalog.Shape(await ProgressCatalog.PublishedAsync(db, ct));
        var facts = new LearnerFacts(
            completions,
            catalog,
            LearnerTimeZones.Find(zoneId),
            activities.Where(a => a.Kind == ActivityKind.CommentPosted).Select(a => a.OccurredAt).ToList(),
            activities.Where(a => a.Kind == ActivityKind.ReplyReceived).Select(a => a.OccurredAt).ToList(),
            activities.Where(a => a.Kind == ActivityKind.ReportAccepted).Select(a => a.OccurredAt).ToList())
        {
            ExercisesSolved = solved,
        };

        var earnedNow = new List<string>();
        foreach (var (achievementId, at) in ProgressRules.Evaluate(facts))
        {
            if (awarded.Contains(achievementId))
            {
                continue;
            }
            var xp = ProgressRules.Achievements.First(a => a.Id == achievementId).Xp;
            var earnedAt = at.ToUniversalTime();
            var inserted = await db.Database.ExecuteSqlAsync(
                $"""
                INSERT INTO achievement_awards (user_id, achievement_id, earned_at) VALUES ({userId}, {achievementId}, {earnedAt})
                ON CONFLICT (user_id, achievement_id) DO NOTHING
                """, ct);
            if (xp > 0)
            {
                var source = XpEvent.ForAchievement(achievementId);
                await db.Database.ExecuteSqlAsync(
                    $"""
                    INSERT INTO xp_events (user_id, source, xp, created_at) VALUES ({userId}, {source}, {xp}, {earnedAt})
                    ON CONFLICT (user_id, source) DO NOTHING
                    """, ct);
            }
            if (inserted == 1)
            {
                earnedNow.Add(achievementId);
            }
        }
        return earnedNow;
    }

    private static async Task<T> InTransactionAsync<T>(PlatformDbContext db, string userId, Func<Task<T>> work, CancellationToken ct)
    {
        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({LockNamespace}, hashtext({userId}))", ct);
            var result = await work();
            if (own is not null)
            {
                await own.CommitAsync(ct);
            }
            return result;
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync();
            }
        }
    }
}
