using System.Text.Json.Serialization;
using Platform.Web.Features.Lessons;

namespace Platform.Web.Features.Progress;

public sealed record LevelDefinition(int Number, string Name, int MinXp);

public sealed record LevelStanding(int Number, string Name, int XpIntoLevel, int XpForNext)
{
    /// XP still needed for the next level; 0 at the top level.
    public int XpToGo => Math.Max(0, XpForNext - XpIntoLevel);
}

[JsonConverter(typeof(JsonStringEnumConverter<AchievementRule>))]
public enum AchievementRule
{
    /// Threshold lessons completed in all.
    LessonsCompleted,
    /// Every published lesson of a module done.
    ModulesCompleted,
    /// Every published lesson of a course done.
    CoursesCompleted,
    /// Threshold consecutive days with a completion, in the learner's time zone.
    StreakDays,
    /// Every published lesson of a course done within Threshold days of its first completion there.
    CourseWithinDays,
    CommentsPosted,
    RepliesReceived,
    ReportsAccepted,
    /// Every quiz question of Threshold courses answered right (courses without questions do not count).
    CourseExercisesSolved,
}

public sealed record AchievementDefinition(
    string Id, string Name, string Description, string Icon, AchievementRule Rule, int Threshold, int Xp);

/// The rules of progress, as data: the server applies them, and the browser receives the same data
/// (GET /api/progress/rules) so a visitor's local level is what the server would compute.
public static class ProgressRules
{
    public const int LessonXp = 12;

    /// For the first right answer to a quiz question.
    public const int ExerciseXp = 5;

    /// Level 1 at 120 XP, each step 1.3 times the one before (rounded once, here, so the server and
    /// the browser never disagree on a rounding).
    public static IReadOnlyList<LevelDefinition> Levels { get; } =
    [
        new(0, "관찰자", 0),
        new(1, "입문자", 120),
        new(2, "탐구자", 276),
        new(3, "실습가", 479),
        new(4, "조율사", 742),
        new(5, "튜너", 1085),
        new(6, "설계자", 1531),
        new(7, "연구자", 2110),
        new(8, "장인", 2863),
        new(9, "마스터", 3842),
    ];

    public static IReadOnlyList<AchievementDefinition> Achievements { get; } =
    [
        new("first-lesson", "첫걸음", "레슨 하나를 완료하세요.", "🌱", AchievementRule.LessonsCompleted, 1, 10),
        new("first-module", "모듈 완주", "한 모듈의 레슨을 모두 완료하세요.", "📦", AchievementRule.ModulesCompleted, 1, 30),
        new("first-course", "코스 완주", "한 코스의 레슨을 모두 완료하세요.", "🎓", AchievementRule.CoursesCompleted, 1, 100),
        new("ten-lessons", "꾸준한 학습자", "레슨 10개를 완료하세요.", "🔟", AchievementRule.LessonsCompleted, 10, 30),
        new("twenty-five-lessons", "성실한 학습자", "레슨 25개를 완료하세요.", "🏅", AchievementRule.LessonsCompleted, 25, 60),
        new("streak-3", "3일 연속", "3일 연속으로 레슨을 완료하세요.", "🔥", AchievementRule.StreakDays, 3, 20),
        new("streak-7", "일주일 연속", "7일 연속으로 레슨을 완료하세요.", "⚡", AchievementRule.StreakDays, 7, 50),
        new("course-in-a-week", "일주일 완주", "한 코스의 레슨을 일주일 안에 모두 완료하세요.", "🚀", AchievementRule.CourseWithinDays, 7, 80),
        new("first-comment", "첫 댓글", "레슨에 댓글을 남기세요.", "💬", AchievementRule.CommentsPosted, 1, 10),
        new("first-reply-received", "첫 답글", "내 댓글에 다른 사람의 답글을 받으세요.", "📨", AchievementRule.RepliesReceived, 1, 10),
        new("first-accepted-report", "버그 사냥꾼", "보낸 문제 신고가 수정 완료로 처리되게 하세요.", "🛠️", AchievementRule.ReportsAccepted, 1, 30),
        new("course-exercises", "문제 해결사", "한 코스의 연습 문제를 모두 맞히세요.", "🧩", AchievementRule.CourseExercisesSolved, 1, 40),
    ];

    public static LevelStanding LevelFor(int xp)
    {
        var current = Levels[0];
        foreach (var level in Levels)
        {
            if (xp >= level.MinXp)
            {
                current = level;
            }
        }
        var next = Levels.FirstOrDefault(l => l.Number == current.Number + 1);
        return next is null
            ? new LevelStanding(current.Number, current.Name, xp - current.MinXp, 0)
            : new LevelStanding(current.Number, current.Name, xp - current.MinXp, next.MinXp - current.MinXp);
    }

    /// The achievements earned by <paramref name="facts"/>, each with the moment it was earned.
    public static IReadOnlyDictionary<string, DateTimeOffset> Evaluate(LearnerFacts facts)
    {
        var earned = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var ordered = facts.Completions.OrderBy(c => c.CompletedAt).ToList();
        foreach (var achievement in Achievements)
        {
            var at = achievement.Rule switch
            {
                AchievementRule.LessonsCompleted => ordered.Count >= achievement.Threshold ? ordered[achievement.Threshold - 1].CompletedAt : (DateTimeOffset?)null,
                AchievementRule.ModulesCompleted => NthGroupCompleted(ordered, facts.Catalog.ModuleOf, facts.Catalog.ModuleSizes, achievement.Threshold),
                AchievementRule.CoursesCompleted => NthGroupCompleted(ordered, facts.Catalog.CourseOf, facts.Catalog.CourseSizes, achievement.Threshold),
                AchievementRule.StreakDays => StreakReached(ordered, facts.TimeZone, achievement.Threshold),
                AchievementRule.CourseWithinDays => CourseWithin(ordered, facts.Catalog, TimeSpan.FromDays(achievement.Threshold)),
                AchievementRule.CommentsPosted => NthMoment(facts.CommentsPosted, achievement.Threshold),
                AchievementRule.RepliesReceived => NthMoment(facts.RepliesReceived, achievement.Threshold),
                AchievementRule.ReportsAccepted => NthMoment(facts.ReportsAccepted, achievement.Threshold),
                AchievementRule.CourseExercisesSolved => NthGroupCompleted(
                    facts.ExercisesSolved.OrderBy(c => c.CompletedAt).ToList(), facts.Catalog.ExerciseCourseOf, facts.Catalog.CourseExerciseCounts, achievement.Threshold),
                _ => null,
            };
            if (at is { } moment)
            {
                earned[achievement.Id] = moment;
            }
        }
        return earned;
    }

    /// How many of a learner's activities of one kind the rules ever look at: the largest threshold
    /// of an achievement counting them (the n-th moment is among the n earliest).
    public static int MomentsCounted(ActivityKind kind) =>
        Achievements.Where(a => a.Rule == RuleCounting(kind)).Select(a => a.Threshold).DefaultIfEmpty(0).Max();

    private static AchievementRule RuleCounting(ActivityKind kind) => kind switch
    {
        ActivityKind.CommentPosted => AchievementRule.CommentsPosted,
        ActivityKind.ReplyReceived => AchievementRule.RepliesReceived,
        ActivityKind.ReportAccepted => AchievementRule.ReportsAccepted,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static DateTimeOffset? NthMoment(IReadOnlyList<DateTimeOffset> moments, int n) =>
        moments.Count >= n ? moments.Order().ElementAt(n - 1) : null;

    private static DateTimeOffset? NthGroupCompleted(
        List<Completion> ordered, IReadOnlyDictionary<string, string> groupOf, IReadOnlyDictionary<string, int> groupSizes, int n)
    {
        var done = new Dictionary<string, int>(StringComparer.Ordinal);
        var completedGroups = 0;
        foreach (var completion in ordered)
        {
            if (!groupOf.TryGetValue(completion.Lesson, out var group))
            {
                continue;
            }
            done[group] = done.GetValueOrDefault(group) + 1;
            if (done[group] == groupSizes[group] && ++completedGroups == n)
            {
                return completion.CompletedAt;
            }
        }
        return null;
    }

    private static DateTimeOffset? StreakReached(List<Completion> ordered, TimeZoneInfo zone, int days)
    {
        DateOnly? previous = null;
        var run = 0;
        foreach (var completion in ordered)
        {
            var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(completion.CompletedAt, zone).DateTime);
            if (previous == day)
            {
                continue;
            }
            run = previous is { } p && p.AddDays(1) == day ? run + 1 : 1;
            previous = day;
            if (run == days)
            {
                return completion.CompletedAt;
            }
        }
        return null;
    }

    private static DateTimeOffset? CourseWithin(List<Completion> ordered, CatalogShape catalog, TimeSpan window)
    {
        DateTimeOffset? best = null;
        foreach (var course in catalog.CourseSizes.Keys)
        {
            var inCourse = ordered.Where(c => catalog.CourseOf.TryGetValue(c.Lesson, out var k) && k == course).ToList();
            if (inCourse.Count < catalog.CourseSizes[course] || inCourse.Count == 0)
            {
                continue;
            }
            var finished = inCourse[^1].CompletedAt;
            if (finished - inCourse[0].CompletedAt <= window && (best is null || finished < best))
            {
                best = finished;
            }
        }
        return best;
    }
}

public sealed record Completion(string Lesson, DateTimeOffset CompletedAt);

/// Which published lesson (`course/lesson`) belongs to which module and course, and their sizes.
public sealed record CatalogShape(
    IReadOnlyDictionary<string, string> ModuleOf,
    IReadOnlyDictionary<string, int> ModuleSizes,
    IReadOnlyDictionary<string, string> CourseOf,
    IReadOnlyDictionary<string, int> CourseSizes)
{
    /// `course/lesson/question` → course, for every quiz question of a published lesson.
    public IReadOnlyDictionary<string, string> ExerciseCourseOf { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, int> CourseExerciseCounts { get; init; } = new Dictionary<string, int>(StringComparer.Ordinal);

    /// The same shape with the quiz questions (`course/lesson/question`) of its lessons.
    public CatalogShape WithExercises(IEnumerable<string> exerciseKeys)
    {
        var courseOf = exerciseKeys.ToDictionary(k => k, LessonKey.CourseOf, StringComparer.Ordinal);
        return this with
        {
            ExerciseCourseOf = courseOf,
            CourseExerciseCounts = courseOf.Values.GroupBy(c => c, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
        };
    }

    public static CatalogShape From(IEnumerable<(string Lesson, string Module)> lessons)
    {
        var list = lessons.ToList();
        var moduleOf = list.ToDictionary(l => l.Lesson, l => l.Module, StringComparer.Ordinal);
        var courseOf = list.ToDictionary(l => l.Lesson, l => LessonKey.CourseOf(l.Lesson), StringComparer.Ordinal);
        return new CatalogShape(
            moduleOf,
            moduleOf.Values.GroupBy(m => m, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
            courseOf,
            courseOf.Values.GroupBy(c => c, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal));
    }
}

public sealed record LearnerFacts(
    IReadOnlyList<Completion> Completions,
    CatalogShape Catalog,
    TimeZoneInfo TimeZone,
    IReadOnlyList<DateTimeOffset> CommentsPosted,
    IReadOnlyList<DateTimeOffset> RepliesReceived,
    IReadOnlyList<DateTimeOffset> ReportsAccepted)
{
    /// Quiz questions answered right: `course/lesson/question` and when.
    public IReadOnlyList<Completion> ExercisesSolved { get; init; } = [];
}
