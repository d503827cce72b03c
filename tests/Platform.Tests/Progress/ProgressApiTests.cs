using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Tests.Infrastructure;
using Platform.Tests.Lessons;
using Platform.Web.Features.Progress;

namespace Platform.Tests.Progress;

// Published lessons of LessonsFactory: demo/intro, demo/second, demo/third (module demo/basics),
// demo/long-one (demo/advanced), other/elsewhere (other/only, a one-lesson course); demo/secret is a draft.
public sealed class ProgressApiTests(LessonsFactory factory) : IClassFixture<LessonsFactory>
{
    [Fact]
    public async Task Completing_a_lesson_twice_records_one_completion_and_one_xp_event()
    {
        var client = await ProgressApi.LearnerAsync(factory, "twice@example.com");

        var first = await client.CompleteAsync("demo/intro");
        var second = await client.CompleteAsync("demo/intro");

        // 12 for the lesson, 10 for the first-lesson achievement, once.
        Assert.Equal(22, first.Xp());
        Assert.Equal(22, second.Xp());
        Assert.Equal(["demo/intro"], second.Lessons());
        Assert.Equal(1, second.GetProperty("lessonsCompleted").GetInt32());
        Assert.Equal(5, second.GetProperty("lessonsTotal").GetInt32());
        Assert.Equal((1, 2, 1, 0), await ProgressApi.RowsAsync(factory, "twice@example.com"));
    }

    [Fact]
    public async Task Twenty_parallel_completes_of_one_lesson_from_two_devices_make_one_completion_and_one_xp_event()
    {
        var phone = await ProgressApi.LearnerAsync(factory, "racer@example.com");
        var laptop = await ProgressApi.SignInWithTokenAsync(factory, "racer@example.com");

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            (i % 2 == 0 ? phone : laptop).PostAsJsonAsync("/api/progress/complete", new { lesson = "demo/second" })));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(22, (await phone.ProgressAsync()).Xp());
        await using var db = factory.CreateDbContext();
        var userId = await db.Users.Where(u => u.Email == "racer@example.com").Select(u => u.Id).SingleAsync();
        Assert.Equal(1, await db.Set<LessonCompletion>().CountAsync(c => c.UserId == userId));
        Assert.Equal(1, await db.Set<XpEvent>().CountAsync(e => e.UserId == userId && e.Source.StartsWith("lesson:")));
        Assert.Equal(1, await db.Set<AchievementAward>().CountAsync(a => a.UserId == userId));
    }

    [Fact]
    public async Task Unmarking_removes_the_completion_but_keeps_its_xp_and_marking_again_earns_nothing()
    {
        var client = await ProgressApi.LearnerAsync(factory, "unmark@example.com");
        await client.CompleteAsync("demo/third");

        var unmarked = await ProgressApi.OkJsonAsync(await client.PostAsJsonAsync("/api/progress/uncomplete", new { lesson = "demo/third" }));
        Assert.Empty(unmarked.Lessons());
        Assert.Equal(0, unmarked.GetProperty("lessonsCompleted").GetInt32());
        Assert.Equal(22, unmarked.Xp());

        var again = await client.CompleteAsync("demo/third");
        Assert.Equal(["demo/third"], again.Lessons());
        Assert.Equal(22, again.Xp());
    }

    [Fact]
    public async Task Finishing_a_course_awards_its_achievements_with_their_xp_and_the_level_follows()
    {
        var client = await ProgressApi.LearnerAsync(factory, "finisher@example.com");

        var progress = await client.CompleteAsync("other/elsewhere");

        // 12 + first lesson 10 + first module 30 + first course 100 + course in a week 80.
        Assert.Equal(232, progress.Xp());
        Assert.Equal(["course-in-a-week", "first-course", "first-lesson", "first-module"], progress.AchievementIds());
        var level = progress.GetProperty("level");
        Assert.Equal((1, "입문자", 112, 156), (
            level.GetProperty("number").GetInt32(), level.GetProperty("name").GetString(),
            level.GetProperty("xpIntoLevel").GetInt32(), level.GetProperty("xpForNext").GetInt32()));
        Assert.Equal(4, progress.GetProperty("achievementsEarned").GetInt32());
        Assert.Equal(12, progress.GetProperty("achievementsTotal").GetInt32());
    }

    [Fact]
    public async Task Merging_the_same_completions_twice_gives_the_same_totals()
    {
        var client = await ProgressApi.LearnerAsync(factory, "merge-twice@example.com");
        (string, string)[] local = [("demo/intro", "2026-11-02T09:00:00Z"), ("demo/second", "2026-11-02T10:00:00+09:00")];

        var first = await client.MergeAsync(local);
        var second = await client.MergeAsync(local);

        Assert.Equal(2, first.GetProperty("added").GetArrayLength());
        Assert.Equal(0, second.GetProperty("added").GetArrayLength());
        Assert.Equal(first.GetProperty("progress").Xp(), second.GetProperty("progress").Xp());
        Assert.Equal(["demo/intro", "demo/second"], second.GetProperty("progress").Lessons());
        Assert.Equal(34, second.GetProperty("progress").Xp());
        Assert.Equal((2, 3, 1, 0), await ProgressApi.RowsAsync(factory, "merge-twice@example.com"));
    }

    [Fact]
    public async Task Merge_ignores_unknown_lessons_clamps_times_to_the_account_and_now_and_keeps_existing_completions()
    {
        var accountBorn = DateTimeOffset.UtcNow.AddSeconds(-1);
        var client = await ProgressApi.LearnerAsync(factory, "merge-mixed@example.com");
        await client.CompleteAsync("demo/intro");
        var introDone = (await client.ProgressAsync()).GetProperty("completed").EnumerateArray().Single().GetProperty("completedAt").GetDateTimeOffset();
        var before = DateTimeOffset.UtcNow;

        var result = await client.MergeAsync(
            ("demo/intro", "2020-01-01T00:00:00Z"),
            ("demo/second", "2026-11-03T08:00:00Z"),
            ("demo/second", "2026-11-02T08:00:00Z"),
            ("demo/third", "2999-01-01T00:00:00Z"),
            ("nope/missing", "2026-11-02T08:00:00Z"),
            ("demo/secret", "2026-11-02T08:00:00Z"),
            ("not-a-key", "2026-11-02T08:00:00Z"));

        Assert.Equal(["demo/secret", "nope/missing", "not-a-key"], result.GetProperty("ignored").EnumerateArray().Select(e => e.GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(["demo/second", "demo/third"], result.GetProperty("added").EnumerateArray().Select(e => e.GetProperty("lesson").GetString()).Order(StringComparer.Ordinal));
        var completed = result.GetProperty("progress").GetProperty("completed").EnumerateArray()
            .ToDictionary(c => c.GetProperty("lesson").GetString()!, c => c.GetProperty("completedAt").GetDateTimeOffset());
        // A completion the account has keeps its time; none is earlier than the account (no backdated streaks).
        Assert.Equal(introDone, completed["demo/intro"]);
        Assert.InRange(completed["demo/second"], accountBorn, before);
        Assert.InRange(completed["demo/third"], before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        // The whole demo/basics module: lessons 3 × 12, first lesson 10, first module 30.
        Assert.Equal(76, result.GetProperty("progress").Xp());
    }

    [Fact]
    public async Task Merge_of_more_than_a_thousand_items_is_refused_with_a_message_and_a_thousand_are_taken()
    {
        var client = await ProgressApi.LearnerAsync(factory, "merge-big@example.com");
        static object Body(int count) => new
        {
            completions = Enumerable.Range(0, count).Select(i => new { lesson = i % 2 == 0 ? "demo/intro" : $"gone/{i}", completedAt = "2026-11-02T08:00:00Z" }),
        };

        var tooMany = await ProgressApi.ProblemAsync(await client.PostAsJsonAsync("/api/progress/merge", Body(1001)), 400);
        Assert.Contains("1,000개까지", tooMany.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Empty((await client.ProgressAsync()).Lessons());

        var thousand = await ProgressApi.OkJsonAsync(await client.PostAsJsonAsync("/api/progress/merge", Body(1000)));
        Assert.Equal(["demo/intro"], thousand.GetProperty("progress").Lessons());
        Assert.Equal(500, thousand.GetProperty("ignored").GetArrayLength());
    }

    [Theory]
    [InlineData("{\"completions\":[{\"lesson\":\"demo/intro\",\"completedAt\":\"yesterday\"}]}", "ISO-8601")]
    [InlineData("{\"completions\":[{\"lesson\":\"demo/intro\"}]}", "ISO-8601")]
    [InlineData("{\"completions\":[{\"completedAt\":\"2026-11-02T08:00:00Z\"}]}", "레슨(lesson)이 없어요")]
    [InlineData("{\"completions\":", "올바른 JSON이 아니에요")]
    [InlineData("{}", "completions")]
    public async Task Merge_with_a_bad_date_or_malformed_json_is_a_400_with_a_korean_message(string body, string message)
    {
        var client = await ProgressApi.LearnerAsync(factory, $"merge-bad-{Guid.NewGuid():N}@example.com");

        var problem = await ProgressApi.ProblemAsync(await client.PostJsonAsync("/api/progress/merge", body), 400);

        Assert.Contains(message, problem.GetProperty("title").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/progress/complete", "{\"lesson\":\"demo/intro\"}")]
    [InlineData("/api/progress/uncomplete", "{\"lesson\":\"demo/intro\"}")]
    [InlineData("/api/progress/merge", "{\"completions\":[]}")]
    public async Task Posts_without_or_with_a_wrong_antiforgery_token_are_400(string url, string body)
    {
        var email = $"csrf-{Guid.NewGuid():N}@example.com";
        await factory.CreateUserAsync(email);
        var client = await factory.SignedInClientAsync(email);

        await ProgressApi.ProblemAsync(await client.PostJsonAsync(url, body), 400);
        client.DefaultRequestHeaders.Add("RequestVerificationToken", "CfDJ8-not-a-real-token");
        var wrong = await ProgressApi.ProblemAsync(await client.PostJsonAsync(url, body), 400);

        Assert.Contains("보안 토큰", wrong.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Equal((0, 0, 0, 0), await ProgressApi.RowsAsync(factory, email));
    }

    [Fact]
    public async Task A_visitor_gets_401_from_the_progress_api_and_the_rules_freely()
    {
        using var visitor = factory.CreateClient();

        var get = await ProgressApi.ProblemAsync(await visitor.GetAsync("/api/progress"), 401);
        Assert.Contains("로그인이 필요해요", get.GetProperty("title").GetString(), StringComparison.Ordinal);
        await ProgressApi.AddTokenAsync(visitor);
        await ProgressApi.ProblemAsync(await visitor.PostJsonAsync("/api/progress/complete", "{\"lesson\":\"demo/intro\"}"), 401);
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync("/api/progress/rules")).StatusCode);
    }

    [Fact]
    public async Task Problem_titles_are_in_the_readers_language()
    {
        using var visitor = factory.CreateClient();
        visitor.DefaultRequestHeaders.Add("Accept-Language", "en");

        var get = await ProgressApi.ProblemAsync(await visitor.GetAsync("/api/progress"), 401);
        Assert.Equal("Sign in first: signed in, your progress is kept in your account.", get.GetProperty("title").GetString());
        var noToken = await ProgressApi.ProblemAsync(await visitor.PostJsonAsync("/api/progress/complete", "{\"lesson\":\"demo/intro\"}"), 400);
        Assert.Equal("The security token is missing or invalid. Reload the page and try again.", noToken.GetProperty("title").GetString());
    }

    [Fact]
    public async Task The_rules_are_the_servers_levels_xp_achievements_and_the_shape_of_the_published_catalog()
    {
        using var visitor = factory.CreateClient();

        var rules = await visitor.GetFromJsonAsync<JsonElement>("/api/progress/rules");

        Assert.Equal(ProgressRules.LessonXp, rules.GetProperty("lessonXp").GetInt32());
        Assert.Equal(ProgressRules.Levels.Select(l => (l.Number, l.Name, l.MinXp)),
            rules.GetProperty("levels").EnumerateArray().Select(l => (l.GetProperty("number").GetInt32(), l.GetProperty("name").GetString()!, l.GetProperty("minXp").GetInt32())));
        var achievements = rules.GetProperty("achievements").EnumerateArray().ToList();
        Assert.Equal(12, achievements.Count);
        var streak = achievements.Single(a => a.GetProperty("id").GetString() == "streak-7");
        Assert.Equal(("StreakDays", 7, 50), (streak.GetProperty("rule").GetString(), streak.GetProperty("threshold").GetInt32(), streak.GetProperty("xp").GetInt32()));
        Assert.Equal(
            [("demo/intro", "demo/basics"), ("demo/second", "demo/basics"), ("demo/third", "demo/basics"), ("demo/long-one", "demo/advanced"), ("other/elsewhere", "other/only")],
            rules.GetProperty("catalog").EnumerateArray().Select(l => (l.GetProperty("lesson").GetString()!, l.GetProperty("module").GetString()!)));
    }

    [Theory]
    [InlineData("{\"lesson\":\"demo/secret\"}", 404, "찾을 수 없어요")]
    [InlineData("{\"lesson\":\"demo/nope\"}", 404, "찾을 수 없어요")]
    [InlineData("{\"lesson\":\"intro\"}", 400, "\"강좌/레슨\" 형식")]
    [InlineData("[1,2", 400, "올바른 JSON이 아니에요")]
    public async Task Completing_an_unknown_draft_or_malformed_lesson_is_refused_in_korean(string body, int status, string message)
    {
        var client = await ProgressApi.LearnerAsync(factory, $"unknown-{Guid.NewGuid():N}@example.com");

        var problem = await ProgressApi.ProblemAsync(await client.PostJsonAsync("/api/progress/complete", body), status);

        Assert.Contains(message, problem.GetProperty("title").GetString(), StringComparison.Ordinal);
    }
}
