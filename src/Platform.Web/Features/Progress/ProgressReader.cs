using Microsoft.EntityFrameworkCore;
using Platform.Web.Infrastructure.Data;

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

/// Reads of the signed-in learner's progress, memoized for the request: the header widget and the
/// page both ask, the database answers once.
public sealed class ProgressReader(PlatformDbContext db)
{
    private List<CatalogLesson>? _catalog;
    private readonly Dictionary<string, Dictionary<string, DateTimeOffset>> _completed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ProgressStanding> _standings = new(StringComparer.Ordinal);

    public async Task<List<CatalogLesson>> CatalogAsync(CancellationToken ct = default) =>
        _catalog ??= await ProgressCatalog.PublishedAsync(db, ct);

    /// `course/lesson` → completion time, for every lesson the learner has marked done.
    public async Task<IReadOnlyDictionary<string, DateTimeOffset>> CompletedAsync(string userId, CancellationToken ct = default)
    {
        if (!_completed.TryGetValue(userId, out var completed))
        {
            var rows = await db.Set<LessonCompletion>().AsNoTracking()
                .Where(c => c.UserId == userId)
                .OrderBy(c => c.CompletedAt)
                .Select(c => new { Key = c.Lesson.Course.Slug + "/" + c.Lesson.Slug, c.CompletedAt })
                .ToListAsync(ct);
            completed = rows.ToDictionary(r => r.Key, r => r.CompletedAt, StringComparer.Ordinal);
            _completed[userId] = completed;
        }
        return completed;
    }

    public async Task<ProgressStanding> StandingAsync(string userId, CancellationToken ct = default)
    {
        if (_standings.TryGetValue(userId, out var standing))
        {
            return standing;
        }
        var xp = await db.Set<XpEvent>().Where(e => e.UserId == userId).SumAsync(e => (int?)e.Xp, ct) ?? 0;
        var achievements = await db.Set<AchievementAward>().CountAsync(a => a.UserId == userId, ct);
        var catalog = await CatalogAsync(ct);
        var completed = await CompletedAsync(userId, ct);
        standing = new ProgressStanding(
            xp,
            ProgressRules.LevelFor(xp),
            catalog.Count(l => completed.ContainsKey(l.Key)),
            catalog.Count,
            achievements,
            ProgressRules.Achievements.Count);
        _standings[userId] = standing;
        return standing;
    }

    public async Task<IReadOnlyList<AchievementAward>> AwardsAsync(string userId, CancellationToken ct = default) =>
        await db.Set<AchievementAward>().AsNoTracking().Where(a => a.UserId == userId).OrderBy(a => a.EarnedAt).ToListAsync(ct);

    public async Task<ProgressSnapshot> SnapshotAsync(string userId, CancellationToken ct = default)
    {
        var standing = await StandingAsync(userId, ct);
        var completed = await CompletedAsync(userId, ct);
        var awards = await AwardsAsync(userId, ct);
        return new ProgressSnapshot(
            standing.Xp,
            standing.Level,
            standing.LessonsCompleted,
            standing.LessonsTotal,
            standing.AchievementsEarned,
            standing.AchievementsTotal,
            completed.Select(c => new CompletionJson(c.Key, c.Value)).ToList(),
            awards.Select(a => ProgressRules.Achievements.FirstOrDefault(d => d.Id == a.AchievementId) is { } d
                    ? new EarnedAchievementJson(d.Id, d.Name, d.Icon, a.EarnedAt)
                    : new EarnedAchievementJson(a.AchievementId, a.AchievementId, "", a.EarnedAt))
                .ToList())
        {
            ExercisesSolved = await db.Set<ExerciseSolution>().AsNoTracking()
                .Where(x => x.UserId == userId)
                .OrderBy(x => x.SolvedAt)
                .Select(x => new SolvedExerciseJson(x.Lesson.Course.Slug + "/" + x.Lesson.Slug + "/" + x.ExerciseId, x.SolvedAt))
                .ToListAsync(ct),
        };
    }

    /// Forgets what was read, after a write in the same request.
    public void Invalidate(string userId)
    {
        _completed.Remove(userId);
        _standings.Remove(userId);
    }
}
