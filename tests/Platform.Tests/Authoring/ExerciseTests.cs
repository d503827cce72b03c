using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Tests.Infrastructure;
using Platform.Tests.Progress;
using Platform.Web.Features.Progress;
using ProgressApi = Platform.Tests.Progress.ProgressApi;

namespace Platform.Tests.Authoring;

public sealed class ExerciseTests(AuthoringFactory factory) : IClassFixture<AuthoringFactory>
{
    [Fact]
    public async Task The_lesson_page_asks_the_question_but_holds_neither_the_answer_nor_the_explanation()
    {
        using var visitor = factory.CreateBrowser();
        var response = await visitor.GetAsync("/courses/demo/intro");
        var html = await response.Content.ReadAsStringAsync();
        var page = await response.ParseAsync();

        Assert.False(response.Headers.Contains("Set-Cookie"));
        var form = page.QuerySelector("#exercise form.quiz[data-exercise='demo/intro/pick-lora']")!;
        Assert.Equal(("get", "/exercise"), (form.GetAttribute("method"), form.GetAttribute("action")));
        Assert.Equal(["1", "2", "3"], form.QuerySelectorAll("input[name=answer]").Select(i => i.GetAttribute("value")));
        Assert.Contains("원래 가중치를 얼려 두는 방법은?", form.QuerySelector("legend")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("작은 행렬만", html, StringComparison.Ordinal);
        Assert.DoesNotContain("answer: 2", html, StringComparison.Ordinal);
        Assert.DoesNotContain("apply_chat_template", await visitor.GetStringAsync("/courses/demo/third"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_learner_earns_the_xp_of_the_first_right_answer_once_and_the_achievement_for_every_question_of_the_course()
    {
        using var learner = await ProgressApi.LearnerAsync(factory, "quiz-learner@example.com");

        var wrong = await CheckAsync(learner, "demo/intro/pick-lora", "1");
        Assert.False(wrong.GetProperty("correct").GetBoolean());
        Assert.Equal(JsonValueKind.Null, wrong.GetProperty("explanationHtml").ValueKind);

        var right = await CheckAsync(learner, "demo/intro/pick-lora", "2");
        Assert.True(right.GetProperty("correct").GetBoolean());
        Assert.Equal(ProgressRules.ExerciseXp, right.GetProperty("xp").GetInt32());
        Assert.Contains("<strong>작은 행렬만</strong>", right.GetProperty("explanationHtml").GetString(), StringComparison.Ordinal);
        Assert.Equal(ProgressRules.ExerciseXp, right.GetProperty("progress").Xp());

        var again = await CheckAsync(learner, "demo/intro/pick-lora", "2");
        Assert.Equal((true, 0), (again.GetProperty("correct").GetBoolean(), again.GetProperty("xp").GetInt32()));

        var last = await CheckAsync(learner, "demo/third/name-method", "  Apply_Chat_Template ");
        Assert.True(last.GetProperty("correct").GetBoolean());
        var progress = last.GetProperty("progress");
        var bonus = ProgressRules.Achievements.Single(a => a.Id == "course-exercises").Xp;
        Assert.Equal(2 * ProgressRules.ExerciseXp + bonus, progress.Xp());
        Assert.Equal(["course-exercises"], progress.AchievementIds());
        Assert.Equal(12, progress.GetProperty("achievementsTotal").GetInt32());
        Assert.Equal(
            ["demo/intro/pick-lora", "demo/third/name-method"],
            progress.GetProperty("exercisesSolved").EnumerateArray().Select(x => x.GetProperty("exercise").GetString()).Order());

        await using var db = factory.CreateDbContext();
        var userId = await db.Users.Where(u => u.Email == "quiz-learner@example.com").Select(u => u.Id).SingleAsync();
        var sources = await db.Set<XpEvent>().Where(e => e.UserId == userId).Select(e => e.Source).ToListAsync();
        Assert.Equal(3, sources.Count);
        Assert.Equal(2, sources.Count(s => s.StartsWith(XpEvent.ExerciseSourcePrefix, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_visitor_gets_the_verdict_and_nothing_is_stored_and_the_rules_name_the_questions()
    {
        int Solutions()
        {
            using var db = factory.CreateDbContext();
            return db.Set<ExerciseSolution>().Count();
        }
        var before = Solutions();
        using var visitor = factory.CreateBrowser();
        await ProgressApi.AddTokenAsync(visitor);
        var right = await CheckAsync(visitor, "demo/intro/pick-lora", "2");
        Assert.True(right.GetProperty("correct").GetBoolean());
        Assert.Equal(JsonValueKind.Null, right.GetProperty("progress").ValueKind);

        var rules = await visitor.GetFromJsonAsync<JsonElement>("/api/progress/rules");
        Assert.Equal(ProgressRules.ExerciseXp, rules.GetProperty("exerciseXp").GetInt32());
        var intro = rules.GetProperty("catalog").EnumerateArray().Single(l => l.GetProperty("lesson").GetString() == "demo/intro");
        Assert.Equal(["pick-lora"], intro.GetProperty("exercises").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(before, Solutions());
    }

    [Fact]
    public async Task A_visitors_answers_join_the_account_at_sign_in_checked_again_by_the_server()
    {
        using var learner = await ProgressApi.LearnerAsync(factory, "quiz-merger@example.com");
        var response = await learner.PostAsJsonAsync("/api/progress/merge", new
        {
            completions = Array.Empty<object>(),
            exercises = new[]
            {
                new { exercise = "demo/intro/pick-lora", answer = "2", solvedAt = "2026-11-01T10:00:00Z" },
                new { exercise = "demo/third/name-method", answer = "wrong", solvedAt = "2026-11-01T10:05:00Z" },
                new { exercise = "demo/nope/zzz", answer = "1", solvedAt = "2026-11-01T10:05:00Z" },
            },
        });
        var result = await ProgressApi.OkJsonAsync(response);

        Assert.Equal(["demo/intro/pick-lora"], result.GetProperty("exercisesAdded").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["demo/third/name-method", "demo/nope/zzz"], result.GetProperty("exercisesIgnored").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(ProgressRules.ExerciseXp, result.GetProperty("progress").Xp());
        var solved = Assert.Single(result.GetProperty("progress").GetProperty("exercisesSolved").EnumerateArray());
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 10, 0, 0, TimeSpan.Zero), solved.GetProperty("solvedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Without_script_the_question_is_answered_on_the_exercise_page()
    {
        await factory.CreateUserAsync("quiz-noscript@example.com");
        using var learner = await factory.SignedInClientAsync("quiz-noscript@example.com");
        var form = await learner.GetDocumentAsync("/exercise?key=demo/intro/pick-lora&answer=2");
        Assert.True(form.QuerySelector("input[name='Input.Answer'][value='2']")!.HasAttribute("checked"));
        Assert.Null(form.QuerySelector(".quiz-result"));

        var posted = await learner.SubmitFormAsync("/exercise?key=demo/intro/pick-lora&answer=2", "#exercise-form", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var verdict = await learner.GetDocumentAsync(posted.Headers.Location!.OriginalString);
        Assert.Contains("정답이에요! +5 XP", verdict.QuerySelector(".quiz-result")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("작은 행렬만", verdict.QuerySelector(".quiz-explanation")!.TextContent, StringComparison.Ordinal);

        var wrong = await learner.SubmitFormAsync("/exercise?key=demo/third/name-method", "#exercise-form",
            new Dictionary<string, string> { ["Input.Answer"] = "tokenize" });
        var wrongPage = await learner.GetDocumentAsync(wrong.Headers.Location!.OriginalString);
        Assert.Contains("정답이 아니에요", wrongPage.QuerySelector(".quiz-result")!.TextContent, StringComparison.Ordinal);
        Assert.Null(wrongPage.QuerySelector(".quiz-explanation"));
    }

    [Fact]
    public async Task Hostile_answers_get_a_clear_4xx()
    {
        using var visitor = factory.CreateBrowser();
        var noToken = await visitor.PostAsJsonAsync("/api/exercises/check", new { exercise = "demo/intro/pick-lora", answer = "2" });
        await ProgressApi.ProblemAsync(noToken, 400);

        await ProgressApi.AddTokenAsync(visitor);
        await ProgressApi.ProblemAsync(await visitor.PostJsonAsync("/api/exercises/check", "{not json"), 400);
        await ProgressApi.ProblemAsync(await visitor.PostAsJsonAsync("/api/exercises/check", new { exercise = "demo/intro/pick-lora" }), 400);
        await ProgressApi.ProblemAsync(await visitor.PostAsJsonAsync("/api/exercises/check", new { exercise = "demo/intro/pick-lora", answer = new string('x', 201) }), 400);
        await ProgressApi.ProblemAsync(await visitor.PostAsJsonAsync("/api/exercises/check", new { exercise = "demo/intro/nothing", answer = "1" }), 404);
        await ProgressApi.ProblemAsync(await visitor.PostAsJsonAsync("/api/exercises/check", new { exercise = "../../x", answer = "1" }), 404);
        await ProgressApi.ProblemAsync(await visitor.GetAsync("/api/exercises/solved?lesson=demo/intro"), 401);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync("/exercise?key=demo/intro/nothing")).StatusCode);
    }

    private static async Task<JsonElement> CheckAsync(HttpClient client, string exercise, string answer) =>
        await ProgressApi.OkJsonAsync(await client.PostAsJsonAsync("/api/exercises/check", new { exercise, answer }));
}
