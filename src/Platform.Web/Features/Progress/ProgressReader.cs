using Microsoft.EntityFrameworkCore;
using Platform.Web.Features.Account;
using Platform.Web.Features.Lessons;
using Platform.Web.Infrastructure.Data;

using Platform.Web.Infrastructure.Time;

namespace Platform.Web.Features.Progress;

/// Where a learner stands: the strip on the lesson page, the header widget, /me, GET /api/progress.
public sealed record ProgressStanding(
    int Xp, LevelStanding Level, int LessonsCompleted, int LessonsTotal, int AchievementsEarned, int AchievementsTotal)
{
    public int PercentComplete => LessonsTotal == 0 ? 0 : (int)Math.Floor(100.0 * LessonsCompleted / LessonsTotal);

    /// A newcomer (and every visitor, before the browser fills in its own record).
    public static ProgressStanding Zero(int lessonsTotal) =>
        new(0, ProgressRules.LevelFor(0), 0, lessonsTotal, 0, ProgressRules.Achievements.Count);
}

public sealed record CompletionJson(string Lesson, DateTimeOffset CompletedAt);

public sealed record EarnedAchievementJson(string Id, string Name, string Icon, DateTimeOffset EarnedAt);

/// The JSON of GET /api/progress (the public contract's names).
public sealed record ProgressSnapshot(
    int Xp,
    LevelStanding Level,
    int LessonsCompleted,
    int LessonsTotal,
    int AchievementsEarned,
    int AchievementsTotal,
    IReadOnlyList<CompletionJson> Completed,
    IReadOnlyList<EarnedAchievementJson> Achievements)
{
    /// Quiz questions answered right (`course/lesson/question`), so a browser can mirror them.
    public IReadOnlyList<SolvedExerciseJson> ExercisesSolved { get; init; } = [];
}

public sealed record SolvedExerciseJson(string Exercise, DateTimeOffset SolvedAt);

/// Reads of the signed-in learner's progress: the catalog from the in-memory read model, the
/// learner's own numbers from the request's one personal statement (SignedInLearner).
public sealed class ProgressReader(PlatformDbContext db, LessonCatalog lessons, SignedInLearner learner)
{
    private IReadOnlyList<CatalogLesson>? _catalog;
    private readonly Dictionary<string, Dictionary<string, DateTimeOffset>> _completed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ProgressStanding> _standings = new(StringComparer.Ordinal);

    public async Task<IReadOnlyList<CatalogLesson>> CatalogAsync(CancellationToken ct = default) =>
        _catalog ??= ProgressCatalog.From(await lessons.CurrentAsync());

    /// `course/lesson` → completion time, for every lesson the learner has marked done.
    public async Task<IReadOnlyDictionary<string, DateTimeOffset>> CompletedAsync(string userId, CancellationToken ct = default) =>
        (await learner.GetAsync(userId, ct))?.Completed ?? new Dictionary<string, DateTimeOffset>();

    public async Task<ProgressStanding> StandingAsync(string userId, CancellationToken ct = default)
    {
        var catalog = await CatalogAsync(ct);
        if (await learner.GetAsync(userId, ct) is not { } state)
        {
            return ProgressStanding.Zero(catalog.Count);
        }
        return new ProgressStanding(
            state.Xp,
            ProgressRules.LevelFor(state.Xp),
            catalog.Count(l => state.Completed.ContainsKey(l.Key)),
            catalog.Count,
            state.AchievementsEarned,
            ProgressRules.Achievements.Count);
    }

    /// Current and longest run of days with a completion, in the learner's own time zone (from
    /// the request's one personal statement: no query of its own).
    public async Task<Streak> StreakAsync(string userId, DateTimeOffset now, CancellationToken ct = default)
    {
        var state = await learner.GetAsync(userId, ct);
        return Streak.Of((state?.Completed ?? new Dictionary<string, DateTimeOffset>()).Values, PersonTime.For(state?.TimeZone).Zone, now);
    }

    /// The learner's time zone id, for the browser to count days the same way.
    public async Task<string?> TimeZoneOfAsync(string userId, CancellationToken ct = default) =>
        (await learner.GetAsync(userId, ct))?.TimeZone;

    public async Task<IReadOnlyList<AchievementAward>> AwardsAsync(string userId, CancellationToken ct = default) =>
        await db.Set<AchievementAward>().AsNoTracking().Where(a => a.UserId == userId).OrderBy(a => a.EarnedAt).ToListAsync(ct);

    public async Task<ProgressSnapshot> SnapshotAsync(string userId, CancellationToken ct = default)
    {
        var standing = await StandingAsync(userId, ct);
        var completed = await CompletedAsync(userId, ct);
        var awards = await AwardsAsync(userId, ct);
        return Snapshot(standing, completed.Select(c => (c.Key, c.Value)), awards.Select(a => (a.AchievementId, a.EarnedAt))) with
        {
            ExercisesSolved = await db.Set<ExerciseSolution>().AsNoTracking()
                .Where(x => x.UserId == userId)
                .OrderBy(x => x.SolvedAt)
                .Select(x => new SolvedExerciseJson(x.Lesson.Course.Slug + "/" + x.Lesson.Slug + "/" + x.ExerciseId, x.SolvedAt))
                .ToListAsync(ct),
        };
    }

    /// The snapshot of the record a write just read: the progress API answers a POST without
    /// another query.
    public async Task<ProgressSnapshot> SnapshotAsync(LearnerRecord record, CancellationToken ct = default)
    {
        var catalog = await CatalogAsync(ct);
        var done = record.Completions.Select(c => c.Lesson).ToHashSet(StringComparer.Ordinal);
        var standing = new ProgressStanding(
            record.Xp,
            ProgressRules.LevelFor(record.Xp),
            catalog.Count(l => done.Contains(l.Key)),
            catalog.Count,
            record.Awards.Count,
            ProgressRules.Achievements.Count);
        return Snapshot(standing, record.Completions.Select(c => (c.Lesson, c.CompletedAt)), record.Awards) with
        {
            ExercisesSolved = record.ExercisesSolved.Select(x => new SolvedExerciseJson(x.Lesson, x.CompletedAt)).ToList(),
        };
    }

    private static ProgressSnapshot Snapshot(
        ProgressStanding standing,
        IEnumerable<(string Lesson, DateTimeOffset At)> completed,
        IEnumerable<(string AchievementId, DateTimeOffset EarnedAt)> awards) =>
        new(
            standing.Xp,
            standing.Level,
            standing.LessonsCompleted,
            standing.LessonsTotal,
            standing.AchievementsEarned,
            standing.AchievementsTotal,
            completed.Select(c => new CompletionJson(c.Lesson, c.At)).ToList(),
            awards.OrderBy(a => a.EarnedAt)
                .Select(a => ProgressRules.Achievements.FirstOrDefault(d => d.Id == a.AchievementId) is { } d
                    ? new EarnedAchievementJson(d.Id, d.Name, d.Icon, a.EarnedAt)
                    : new EarnedAchievementJson(a.AchievementId, a.AchievementId, "", a.EarnedAt))
                .ToList());

    /// Forgets what was read, after a write in the same request.
    public void Invalidate(string userId) => learner.Forget(userId);
}
