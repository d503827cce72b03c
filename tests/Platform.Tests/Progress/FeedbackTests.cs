using System.Net;
using Platform.Tests.Infrastructure;
using Platform.Tests.Lessons;
using Platform.Web.Features.Progress;

namespace Platform.Tests.Progress;

/// What a learner is told about gains, streaks and achievements, and the ways through a course.
public sealed class FeedbackTests(LessonsFactory factory) : IClassFixture<LessonsFactory>
{
    [Fact]
    public async Task Marking_done_with_the_plain_form_says_once_what_it_earned_and_offers_the_next_lesson()
    {
        await factory.CreateUserAsync("gain@example.com");
        var client = await factory.SignedInClientAsync("gain@example.com");

        var posted = await client.SubmitFormAsync("/courses/demo/intro", "form[data-progress-form]", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);

        var lesson = await client.GetDocumentAsync("/courses/demo/intro");
        var notice = lesson.QuerySelector("#progress-box .gain-notice[role=status]")!;
        Assert.Equal(["레슨 완료! +22 XP를 얻었어요.", "업적 달성: 첫걸음 (+10 XP)"], notice.QuerySelectorAll("p").Select(p => p.TextContent.Trim()));
        var next = lesson.QuerySelector("#progress-box [data-next-after-done]")!;
        Assert.False(next.HasAttribute("hidden"));
        Assert.Equal("/courses/demo/second", next.GetAttribute("href"));
        Assert.Contains("두 번째 걸음", next.TextContent, StringComparison.Ordinal);

        var again = await client.GetDocumentAsync("/courses/demo/intro");
        Assert.Null(again.QuerySelector(".gain-notice"));
    }

    [Fact]
    public async Task Finishing_a_course_announces_its_achievements_and_the_level_up()
    {
        await factory.CreateUserAsync("levelup@example.com");
        var client = await factory.SignedInClientAsync("levelup@example.com");
        foreach (var lesson in new[] { "intro", "second", "third", "long-one" })
        {
            await client.SubmitFormAsync($"/courses/demo/{lesson}", "form[data-progress-form]", new Dictionary<string, string>());
        }

        var lines = (await client.GetDocumentAsync("/courses/demo/long-one")).QuerySelectorAll(".gain-notice p").Select(p => p.TextContent.Trim()).ToList();
        Assert.Equal("레슨 완료! +192 XP를 얻었어요.", lines[0]);
        Assert.Contains("레벨 업! 레벨 1 · 입문자", lines);
        Assert.Contains("업적 달성: 코스 완주 (+100 XP)", lines);
        Assert.Contains("업적 달성: 일주일 완주 (+80 XP)", lines);
    }

    [Fact]
    public async Task The_achievements_page_shows_all_of_them_to_a_visitor_locked_with_what_earns_them()
    {
        using var client = factory.CreateClient();
        var page = await client.GetDocumentAsync("/achievements");

        var items = page.QuerySelectorAll("[data-achievement-list] .achievement");
        Assert.Equal(ProgressRules.Achievements.Count, items.Length);
        Assert.All(items, i => Assert.Contains("locked", i.ClassName, StringComparison.Ordinal));
        Assert.Equal("잠김 — 3일 연속으로 레슨을 완료하세요.", page.QuerySelector("[data-achievement=streak-3] [data-achievement-state]")!.TextContent.Trim());
        Assert.Empty(page.QuerySelectorAll(".achievement svg:not([aria-hidden=true])"));
    }

    [Fact]
    public async Task The_achievements_page_shows_a_learner_the_day_each_was_earned()
    {
        var api = await ProgressApi.LearnerAsync(factory, "badges@example.com");
        await api.CompleteAsync("other/elsewhere");
        var client = await factory.SignedInClientAsync("badges@example.com");

        var page = await client.GetDocumentAsync("/achievements");

        Assert.Equal(4, page.QuerySelectorAll(".achievement.earned").Length);
        Assert.Matches(@"^\d{4}년 \d{1,2}월 \d{1,2}일에 달성$", page.QuerySelector("[data-achievement=first-course] [data-achievement-state]")!.TextContent.Trim());
        Assert.Contains("잠김", page.QuerySelector("[data-achievement=streak-7]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Me_shows_the_current_and_longest_streak()
    {
        var api = await ProgressApi.LearnerAsync(factory, "streak@example.com");
        await api.CompleteAsync("demo/intro");
        var client = await factory.SignedInClientAsync("streak@example.com");

        var me = await client.GetDocumentAsync("/me");

        Assert.Equal("연속 학습 1일 · 최장 1일", Squash(me.QuerySelector(".me-streak")!.TextContent));
    }

    [Fact]
    public async Task The_lesson_page_has_the_course_outline_one_click_away_and_the_next_lesson_above_the_comments()
    {
        using var client = factory.CreateClient();
        var page = await client.GetDocumentAsync("/courses/demo/second");

        var outline = page.QuerySelector("details.lesson-outline")!;
        Assert.Equal(["기초", "심화"], outline.QuerySelectorAll(".outline-module").Select(h => h.TextContent));
        Assert.Equal(["demo/intro", "demo/second", "demo/third", "demo/long-one"], outline.QuerySelectorAll("li[data-lesson]").Select(l => l.GetAttribute("data-lesson")));
        Assert.Equal("두 번째 걸음", outline.QuerySelector("a[aria-current=page]")!.TextContent);
        var nextUp = page.QuerySelector("nav.next-up a")!;
        Assert.Equal("/courses/demo/third", nextUp.GetAttribute("href"));
        Assert.Equal("comments", nextUp.ParentElement!.NextElementSibling!.Id);
    }

    [Fact]
    public async Task A_started_course_card_in_the_catalog_offers_to_continue_with_the_next_lesson()
    {
        var api = await ProgressApi.LearnerAsync(factory, "catalog@example.com");
        await api.CompleteAsync("demo/intro");
        var client = await factory.SignedInClientAsync("catalog@example.com");

        var catalog = await client.GetDocumentAsync("/");

        var next = catalog.QuerySelector("[data-course=demo] [data-continue]")!;
        Assert.False(next.HasAttribute("hidden"));
        Assert.Equal(("/courses/demo/second", "이어서 학습하기: 두 번째 걸음"), (next.GetAttribute("href"), Squash(next.TextContent)));
        Assert.True(catalog.QuerySelector("[data-course=other] [data-continue]")!.HasAttribute("hidden"));
        Assert.True(catalog.QuerySelector("[data-course=other] [data-course-finished]")!.HasAttribute("hidden"));
    }

    [Theory]
    [InlineData(new[] { "2026-11-27T10:00:00Z", "2026-11-28T10:00:00Z", "2026-11-29T01:00:00Z" }, "2026-11-29T05:00:00Z", 3, 3)]
    [InlineData(new[] { "2026-11-27T10:00:00Z", "2026-11-28T10:00:00Z" }, "2026-11-29T05:00:00Z", 2, 2)]
    [InlineData(new[] { "2026-11-20T10:00:00Z", "2026-11-21T10:00:00Z", "2026-11-22T10:00:00Z", "2026-11-28T10:00:00Z" }, "2026-11-29T05:00:00Z", 1, 3)]
    [InlineData(new[] { "2026-11-20T10:00:00Z" }, "2026-11-29T05:00:00Z", 0, 1)]
    [InlineData(new string[0], "2026-11-29T05:00:00Z", 0, 0)]
    public void A_streak_counts_days_in_the_learners_zone_and_lives_until_the_day_after_its_last(string[] completions, string now, int current, int longest)
    {
        var seoul = TimeZoneInfo.FindSystemTimeZoneById("Asia/Seoul");

        var streak = Streak.Of(completions.Select(c => DateTimeOffset.Parse(c, System.Globalization.CultureInfo.InvariantCulture)), seoul, DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(new Streak(current, longest), streak);
    }

    private static string Squash(string text) => string.Join(' ', text.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
}
