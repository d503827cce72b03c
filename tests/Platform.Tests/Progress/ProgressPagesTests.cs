using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Tests.Infrastructure;
using Platform.Tests.Lessons;
using Platform.Web.Features.Comments;
using Platform.Web.Features.Lessons;
using Platform.Web.Features.Progress;
using Platform.Web.Infrastructure.Data;

namespace Platform.Tests.Progress;

public sealed class ProgressPagesTests(LessonsFactory factory) : IClassFixture<LessonsFactory>
{
    [Fact]
    public async Task The_anonymous_lesson_page_is_the_same_for_every_visitor_and_carries_no_token_or_cookie()
    {
        using var first = factory.CreateClient();
        using var second = factory.CreateClient();

        var a = await first.GetAsync("/courses/demo/intro");
        var b = await second.GetAsync("/courses/demo/intro");
        var html = await a.Content.ReadAsStringAsync();

        Assert.Equal(html, await b.Content.ReadAsStringAsync());
        Assert.DoesNotContain("__RequestVerificationToken", html, StringComparison.Ordinal);
        Assert.False(a.Headers.Contains("Set-Cookie"));
        var page = await a.ParseAsync();
        var box = page.QuerySelector("#progress-box")!;
        Assert.Equal("demo/intro", box.GetAttribute("data-lesson"));
        Assert.Equal("/Identity/Account/Login?returnUrl=%2Fcourses%2Fdemo%2Fintro", box.QuerySelector("[data-local-note] a")!.GetAttribute("href"));
        Assert.True(box.QuerySelector("[data-storage-blocked]")!.HasAttribute("hidden"));
        Assert.Contains("이 브라우저에서는 진행 상황을 저장할 수 없어요", box.TextContent, StringComparison.Ordinal);
        Assert.Equal("0", page.QuerySelector(".site-header [data-progress-widget] [data-field=xp]")!.TextContent);
        Assert.NotNull(page.QuerySelector("script[type=module][src^='/js/progress.js']"));
        Assert.Empty(page.QuerySelectorAll("script:not([src])"));
    }

    [Fact]
    public async Task A_learner_marks_a_lesson_done_with_the_plain_form_and_sees_it_on_the_lesson_course_and_catalog_pages()
    {
        await factory.CreateUserAsync("plain@example.com");
        var client = await factory.SignedInClientAsync("plain@example.com");

        var posted = await client.SubmitFormAsync("/courses/demo/intro", "form[data-progress-form]", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal("/courses/demo/intro#progress-box", posted.Headers.Location?.OriginalString);

        var lesson = await client.GetDocumentAsync("/courses/demo/intro");
        Assert.Contains("완료한 레슨이에요", lesson.QuerySelector("#progress-box")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("완료 취소", lesson.QuerySelector("#progress-box button")!.TextContent.Trim());
        Assert.Equal(
            "레벨 0 관찰자 22 XP 레슨 1/5 업적 1/12 다음 레벨까지 22/120 XP 98 XP 남음 20% 완료 연속 학습 1일 · 최장 1일",
            Squash(lesson.QuerySelector("#progress-standing")!.TextContent));
        Assert.Equal("Lv 0 관찰자 22 XP", Squash(lesson.QuerySelector(".site-header [data-progress-widget]")!.TextContent));
        Assert.Equal("/me", lesson.QuerySelector(".site-header [data-progress-widget]")!.GetAttribute("href"));

        var course = await client.GetDocumentAsync("/courses/demo");
        Assert.False(course.QuerySelector("li[data-lesson='demo/intro'] [data-done-mark]")!.HasAttribute("hidden"));
        Assert.True(course.QuerySelector("li[data-lesson='demo/second'] [data-done-mark]")!.HasAttribute("hidden"));
        Assert.Contains("25% 완료 · 1/4 레슨", Squash(course.QuerySelector("[data-course-progress]")!.TextContent), StringComparison.Ordinal);
        var next = course.QuerySelector("[data-continue]")!;
        Assert.Equal(("/courses/demo/second", "이어서 학습하기: 두 번째 걸음"), (next.GetAttribute("href"), Squash(next.TextContent)));

        var catalog = await client.GetDocumentAsync("/");
        Assert.Equal("25", catalog.QuerySelector("[data-course=demo] [data-field=course-percent]")!.TextContent);
        Assert.Equal("0", catalog.QuerySelector("[data-course=other] [data-field=course-percent]")!.TextContent);

        var undone = await client.SubmitFormAsync("/courses/demo/intro", "form[data-progress-form]", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, undone.StatusCode);
        var after = await client.GetDocumentAsync("/courses/demo/intro");
        Assert.Equal("완료로 표시", after.QuerySelector("#progress-box button")!.TextContent.Trim());
        Assert.Contains("22 XP 레슨 0/5", Squash(after.QuerySelector("#progress-standing")!.TextContent), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Me_shows_the_level_xp_to_go_history_all_eleven_achievements_and_course_progress()
    {
        var api = await ProgressApi.LearnerAsync(factory, "me@example.com");
        await api.CompleteAsync("other/elsewhere");
        var client = await factory.SignedInClientAsync("me@example.com");

        var me = await client.GetDocumentAsync("/me");

        var level = Squash(me.QuerySelector(".me-level")!.TextContent);
        Assert.Contains("레벨 1 · 입문자", level, StringComparison.Ordinal);
        Assert.Contains("232 XP", level, StringComparison.Ordinal);
        Assert.Contains("다음 레벨(레벨 2 · 탐구자)까지 44 XP 남았어요", level, StringComparison.Ordinal);
        var achievements = me.QuerySelectorAll(".achievement");
        Assert.Equal(12, achievements.Length);
        Assert.Equal(4, me.QuerySelectorAll(".achievement.earned").Length);
        Assert.Contains("에 달성", me.QuerySelector(".achievement[data-achievement=first-course]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("잠김 — 레슨 10개를 완료하세요.", Squash(me.QuerySelector(".achievement[data-achievement=ten-lessons]")!.TextContent), StringComparison.Ordinal);
        var history = me.QuerySelectorAll(".xp-history tbody tr")
            .Select(r => string.Join(" | ", r.QuerySelectorAll("td").Select(td => td.TextContent.Trim())))
            .ToList();
        Assert.Equal(5, history.Count);
        Assert.Contains(history, r => r.EndsWith("레슨 완료 — 다른 강좌 · 다른 곳의 베타 | +12", StringComparison.Ordinal));
        Assert.Contains(history, r => r.EndsWith("업적 달성 — 코스 완주 | +100", StringComparison.Ordinal));
        Assert.Contains("100% 완료 · 1/1 레슨", Squash(me.QuerySelector(".me-course[data-course=other]")!.TextContent), StringComparison.Ordinal);
        Assert.Contains("0% 완료 · 0/4 레슨", Squash(me.QuerySelector(".me-course[data-course=demo]")!.TextContent), StringComparison.Ordinal);
        Assert.NotNull(me.QuerySelector("#preferences form#time-zone-form"));
        Assert.Equal("/notifications/preferences", me.QuerySelector("#reply-email-preference a")!.GetAttribute("href"));
    }

    [Fact]
    public async Task Me_asks_a_visitor_to_sign_in()
    {
        using var visitor = factory.CreateClient(new() { AllowAutoRedirect = false });

        var response = await visitor.GetAsync("/me");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Identity/Account/Login", response.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Streak_days_follow_the_time_zone_chosen_on_me_and_an_unknown_zone_is_refused()
    {
        var zone = await factory.CreateUserAsync("zone@example.com");
        // The account is older than the completions it merges: merge never backdates before the account.
        await using (var db = factory.CreateDbContext())
        {
            await db.Users.Where(u => u.Id == zone.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.CreatedAt, new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero)));
        }
        var client = await factory.SignedInClientAsync("zone@example.com");
        var saved = await client.SubmitFormAsync("/me", "form#time-zone-form", new Dictionary<string, string> { ["Preferences.TimeZone"] = "UTC" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("시간대를 저장했어요", (await client.GetDocumentAsync("/me")).QuerySelector("main")!.TextContent, StringComparison.Ordinal);

        // Three days in a row in Seoul (16:00 UTC is the next morning there), two days in UTC.
        await ProgressApi.AddTokenAsync(client);
        var merged = await client.MergeAsync(
            ("demo/intro", "2026-11-02T01:00:00Z"), ("demo/second", "2026-11-02T16:00:00Z"), ("demo/long-one", "2026-11-03T16:00:00Z"));
        Assert.DoesNotContain("streak-3", merged.GetProperty("progress").AchievementIds());

        await client.SubmitFormAsync("/me", "form#time-zone-form", new Dictionary<string, string> { ["Preferences.TimeZone"] = "Asia/Seoul" });
        Assert.Contains("streak-3", (await client.ProgressAsync()).AchievementIds());
        Assert.Equal("Asia/Seoul", (await client.GetDocumentAsync("/me")).QuerySelector("#Preferences_TimeZone option[selected]")!.GetAttribute("value"));

        var refused = await client.SubmitFormAsync("/me", "form#time-zone-form", new Dictionary<string, string> { ["Preferences.TimeZone"] = "Mars/Olympus" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("알 수 없는 시간대예요", (await refused.ParseAsync()).QuerySelector("#preferences")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recorded_activity_earns_the_community_achievements_once()
    {
        var api = await ProgressApi.LearnerAsync(factory, "social@example.com");
        var userId = await factory.WithScopeAsync(async services =>
        {
            var db = services.GetRequiredService<PlatformDbContext>();
            var ledger = services.GetRequiredService<ProgressLedger>();
            var id = await db.Users.Where(u => u.Email == "social@example.com").Select(u => u.Id).SingleAsync();
            var at = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
            var lessonId = await db.Set<Lesson>().Where(l => l.Slug == "intro").Select(l => l.Id).SingleAsync();
            // Two comments: each is its own record, and the first earns the achievement once.
            foreach (var (body, when) in new[] { ("첫 글", at), ("둘째 글", at.AddHours(1)) })
            {
                await using var transaction = await db.Database.BeginTransactionAsync();
                await ledger.RecordCommentAsync(db, id,
                [
                    ProgressLedger.Command(
                        "INSERT INTO comments (lesson_id, author_id, body_markdown, body_html, created_at) VALUES ($1, $2, $3, $3, $4)",
                        lessonId, id, body, when),
                ], default);
                await transaction.CommitAsync();
            }
            // A comment is never recorded as a row of activities.
            await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => ledger.RecordActivityAsync(db, id, ActivityKind.CommentPosted, "comment:1", at, default));
            // Inside the caller's transaction: rolled back, nothing stays.
            await using (var transaction = await db.Database.BeginTransactionAsync())
            {
                await ledger.RecordActivityAsync(db, id, ActivityKind.ReportAccepted, "report:9", at, default);
                await transaction.RollbackAsync();
            }
            await ledger.RecordActivityAsync(db, id, ActivityKind.ReplyReceived, "comment:7", at, default);
            await ledger.RecordActivityAsync(db, id, ActivityKind.ReplyReceived, "comment:7", at, default);
            return id;
        });

        var progress = await api.ProgressAsync();

        Assert.Equal(["first-comment", "first-reply-received"], progress.AchievementIds());
        Assert.Equal(20, progress.Xp());
        // Of activities, only the reply's row, once.
        Assert.Equal((0, 2, 2, 1), await ProgressApi.RowsAsync(factory, "social@example.com"));
        Assert.NotEmpty(userId);
    }

    [Fact]
    public async Task A_learners_record_reads_of_each_activity_only_the_earliest_moments_the_rules_count()
    {
        await ProgressApi.LearnerAsync(factory, "prolific@example.com");
        var (record, earnedAt) = await factory.WithScopeAsync(async services =>
        {
            var db = services.GetRequiredService<PlatformDbContext>();
            var ledger = services.GetRequiredService<ProgressLedger>();
            var id = await db.Users.Where(u => u.Email == "prolific@example.com").Select(u => u.Id).SingleAsync();
            var first = new DateTimeOffset(2026, 10, 1, 9, 0, 0, TimeSpan.Zero);
            var lessonId = await db.Set<Lesson>().Where(l => l.Slug == "intro").Select(l => l.Id).SingleAsync();
            // Two hundred comments, written newest first: the earliest is the last row.
            var rows = Enumerable.Range(0, 200).Select(i => new Comment
            {
                LessonId = lessonId, AuthorId = id, BodyMarkdown = $"글 {i}", BodyHtml = $"<p>글 {i}</p>", CreatedAt = first.AddMinutes(199 - i),
            });
            db.AddRange(rows);
            await db.SaveChangesAsync();
            var read = await ledger.EvaluateAsync(db, id, default);
            var award = await db.Set<AchievementAward>().Where(a => a.UserId == id && a.AchievementId == "first-comment").Select(a => a.EarnedAt).SingleAsync();
            return (read, award);
        });

        var comments = record.Activities.Where(a => a.Kind == ActivityKind.CommentPosted).ToList();
        Assert.Equal(ProgressRules.MomentsCounted(ActivityKind.CommentPosted), comments.Count);
        Assert.Equal(new DateTimeOffset(2026, 10, 1, 9, 0, 0, TimeSpan.Zero), comments[0].At);
        Assert.Equal(new DateTimeOffset(2026, 10, 1, 9, 0, 0, TimeSpan.Zero), earnedAt);
    }

    [Fact]
    public async Task Download_my_data_includes_progress_and_deleting_the_account_removes_it()
    {
        var api = await ProgressApi.LearnerAsync(factory, "leaver@example.com");
        await api.CompleteAsync("demo/intro");
        var client = await factory.SignedInClientAsync("leaver@example.com");

        var download = await client.SubmitFormAsync("/Identity/Account/Manage/PersonalData", "form#download-data", new Dictionary<string, string>());
        using var json = JsonDocument.Parse(await download.Content.ReadAsStringAsync());
        var progress = json.RootElement.GetProperty("progress");
        Assert.Equal("demo/intro", progress.GetProperty("completions")[0].GetProperty("lesson").GetString());
        Assert.Equal(2, progress.GetProperty("xpEvents").GetArrayLength());
        Assert.Equal("first-lesson", progress.GetProperty("achievements")[0].GetProperty("achievementId").GetString());
        Assert.Equal("Asia/Seoul", progress.GetProperty("timeZone").GetString());

        await factory.WithScopeAsync(async services =>
        {
            var db = services.GetRequiredService<PlatformDbContext>();
            var id = await db.Users.Where(u => u.Email == "leaver@example.com").Select(u => u.Id).SingleAsync();
            await services.GetRequiredService<ProgressLedger>().RecordActivityAsync(db, id, ActivityKind.ReplyReceived, "comment:3", DateTimeOffset.UtcNow, default);
            return id;
        });
        Assert.Equal((1, 3, 2, 1), await ProgressApi.RowsAsync(factory, "leaver@example.com"));

        await using var db = factory.CreateDbContext();
        var userId = await db.Users.Where(u => u.Email == "leaver@example.com").Select(u => u.Id).SingleAsync();
        var deleted = await client.SubmitFormAsync("/Identity/Account/Manage/DeletePersonalData", "form#delete-account",
            new Dictionary<string, string> { ["Input.Password"] = TestUsers.Password });
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);

        Assert.Equal(0, await db.Set<LessonCompletion>().CountAsync(c => c.UserId == userId));
        Assert.Equal(0, await db.Set<XpEvent>().CountAsync(e => e.UserId == userId));
        Assert.Equal(0, await db.Set<AchievementAward>().CountAsync(a => a.UserId == userId));
        Assert.Equal(0, await db.Set<LearnerActivity>().CountAsync(a => a.UserId == userId));
    }

    private static string Squash(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
