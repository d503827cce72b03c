using Platform.Web.Features.Progress;

namespace Platform.Tests.Progress;

public sealed class ProgressRulesTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeZoneInfo Seoul = TimeZoneInfo.FindSystemTimeZoneById("Asia/Seoul");

    // Course "a": module a/m1 (a/1, a/2), module a/m2 (a/3). Course "b": one module (b/1, b/2).
    private static readonly CatalogShape Catalog = CatalogShape.From(
    [
        ("a/1", "a/m1"), ("a/2", "a/m1"), ("a/3", "a/m2"), ("b/1", "b/m1"), ("b/2", "b/m1"),
    ]);

    public static TheoryData<int, int, string, int, int> LevelCases()
    {
        var data = new TheoryData<int, int, string, int, int>();
        var levels = ProgressRules.Levels;
        for (var i = 0; i < levels.Count; i++)
        {
            var level = levels[i];
            var span = i + 1 < levels.Count ? levels[i + 1].MinXp - level.MinXp : 0;
            if (i > 0)
            {
                var below = levels[i - 1];
                data.Add(level.MinXp - 1, below.Number, below.Name, level.MinXp - 1 - below.MinXp, level.MinXp - below.MinXp);
            }
            data.Add(level.MinXp, level.Number, level.Name, 0, span);
            data.Add(level.MinXp + 1, level.Number, level.Name, 1, span);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(LevelCases))]
    public void Level_at_and_around_every_threshold(int xp, int number, string name, int intoLevel, int forNext)
    {
        var standing = ProgressRules.LevelFor(xp);
        Assert.Equal(number, standing.Number);
        Assert.Equal(name, standing.Name);
        Assert.Equal(intoLevel, standing.XpIntoLevel);
        Assert.Equal(forNext, standing.XpForNext);
    }

    [Fact]
    public void Level_zero_is_the_observer_and_level_one_starts_at_120_with_thresholds_growing_by_a_third()
    {
        Assert.Equal(new LevelStanding(0, "관찰자", 0, 120), ProgressRules.LevelFor(0));
        Assert.Equal(120, ProgressRules.LevelFor(0).XpToGo);
        Assert.True(ProgressRules.Levels.Count >= 8);
        var steps = ProgressRules.Levels.Zip(ProgressRules.Levels.Skip(1), (a, b) => b.MinXp - a.MinXp).ToList();
        for (var i = 1; i < steps.Count; i++)
        {
            Assert.InRange(steps[i] / (double)steps[i - 1], 1.29, 1.31);
        }
    }

    [Fact]
    public void There_are_eleven_achievements_with_unique_ids()
    {
        Assert.Equal(12, ProgressRules.Achievements.Count);
        Assert.Equal(12, ProgressRules.Achievements.Select(a => a.Id).Distinct().Count());
    }

    [Fact]
    public void First_lesson_is_earned_by_the_first_completion()
    {
        var earned = Evaluate(("a/3", Monday), ("a/1", Monday.AddHours(1)));
        Assert.Equal(Monday, earned["first-lesson"]);
        Assert.False(Evaluate().ContainsKey("first-lesson"));
    }

    [Fact]
    public void First_module_needs_every_lesson_of_one_module()
    {
        Assert.False(Evaluate(("a/1", Monday), ("b/1", Monday)).ContainsKey("first-module"));
        Assert.Equal(Monday.AddHours(2), Evaluate(("a/1", Monday), ("a/2", Monday.AddHours(2)))["first-module"]);
    }

    [Fact]
    public void First_course_needs_every_lesson_of_one_course()
    {
        Assert.False(Evaluate(("a/1", Monday), ("a/2", Monday)).ContainsKey("first-course"));
        Assert.Equal(Monday.AddHours(3), Evaluate(("b/2", Monday), ("b/1", Monday.AddHours(3)))["first-course"]);
    }

    [Fact]
    public void Ten_and_twenty_five_lessons_count_completions()
    {
        var big = CatalogShape.From(Enumerable.Range(1, 30).Select(i => ($"c/{i}", "c/m")));
        var facts = Facts(big, Enumerable.Range(1, 25).Select(i => ($"c/{i}", Monday.AddMinutes(i))).ToArray());
        var earned = ProgressRules.Evaluate(facts);
        Assert.Equal(Monday.AddMinutes(10), earned["ten-lessons"]);
        Assert.Equal(Monday.AddMinutes(25), earned["twenty-five-lessons"]);
        var nine = ProgressRules.Evaluate(Facts(big, Enumerable.Range(1, 9).Select(i => ($"c/{i}", Monday.AddMinutes(i))).ToArray()));
        Assert.False(nine.ContainsKey("ten-lessons"));
    }

    [Fact]
    public void Streaks_count_consecutive_days_in_the_learners_time_zone()
    {
        // 16:00 UTC is already the next day in Seoul (UTC+9): these three are three Seoul days in a row,
        // though in UTC the first two fall on the same day.
        var earned = Evaluate(
            ("a/1", new DateTimeOffset(2026, 11, 2, 1, 0, 0, TimeSpan.Zero)),
            ("a/2", new DateTimeOffset(2026, 11, 2, 16, 0, 0, TimeSpan.Zero)),
            ("a/3", new DateTimeOffset(2026, 11, 3, 16, 0, 0, TimeSpan.Zero)));
        Assert.True(earned.ContainsKey("streak-3"));
        var inUtc = ProgressRules.Evaluate(Facts(Catalog,
            [("a/1", new DateTimeOffset(2026, 11, 2, 1, 0, 0, TimeSpan.Zero)),
             ("a/2", new DateTimeOffset(2026, 11, 2, 16, 0, 0, TimeSpan.Zero)),
             ("a/3", new DateTimeOffset(2026, 11, 3, 16, 0, 0, TimeSpan.Zero))], TimeZoneInfo.Utc));
        Assert.False(inUtc.ContainsKey("streak-3"));
    }

    [Fact]
    public void A_gap_day_breaks_the_streak_and_seven_days_earn_the_week()
    {
        var big = CatalogShape.From(Enumerable.Range(1, 10).Select(i => ($"c/{i}", "c/m")));
        var gap = ProgressRules.Evaluate(Facts(big, [("c/1", Monday), ("c/2", Monday.AddDays(1)), ("c/3", Monday.AddDays(3))]));
        Assert.False(gap.ContainsKey("streak-3"));
        var week = ProgressRules.Evaluate(Facts(big, Enumerable.Range(0, 7).Select(d => ($"c/{d + 1}", Monday.AddDays(d))).ToArray()));
        Assert.Equal(Monday.AddDays(2), week["streak-3"]);
        Assert.Equal(Monday.AddDays(6), week["streak-7"]);
    }

    [Fact]
    public void Course_in_a_week_needs_the_whole_course_within_seven_days()
    {
        Assert.Equal(Monday.AddDays(6), Evaluate(("b/1", Monday), ("b/2", Monday.AddDays(6)))["course-in-a-week"]);
        Assert.False(Evaluate(("b/1", Monday), ("b/2", Monday.AddDays(8))).ContainsKey("course-in-a-week"));
    }

    [Fact]
    public void Community_achievements_follow_their_first_event()
    {
        var facts = Facts(Catalog, []) with
        {
            CommentsPosted = [Monday.AddDays(2), Monday],
            RepliesReceived = [Monday.AddDays(1)],
            ReportsAccepted = [Monday.AddDays(3)],
        };
        var earned = ProgressRules.Evaluate(facts);
        Assert.Equal(Monday, earned["first-comment"]);
        Assert.Equal(Monday.AddDays(1), earned["first-reply-received"]);
        Assert.Equal(Monday.AddDays(3), earned["first-accepted-report"]);
        Assert.Empty(ProgressRules.Evaluate(Facts(Catalog, [])));
    }

    [Fact]
    public void Completions_of_lessons_no_longer_in_the_catalog_count_as_lessons_but_not_toward_modules()
    {
        var earned = Evaluate(("gone/x", Monday));
        Assert.True(earned.ContainsKey("first-lesson"));
        Assert.False(earned.ContainsKey("first-module"));
    }

    private static IReadOnlyDictionary<string, DateTimeOffset> Evaluate(params (string Lesson, DateTimeOffset At)[] completions) =>
        ProgressRules.Evaluate(Facts(Catalog, completions));

    private static LearnerFacts Facts(CatalogShape catalog, (string Lesson, DateTimeOffset At)[] completions, TimeZoneInfo? zone = null) =>
        new(completions.Select(c => new Completion(c.Lesson, c.At)).ToList(), catalog, zone ?? Seoul, [], [], []);
}
