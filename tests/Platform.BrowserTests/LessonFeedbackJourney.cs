using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Platform.Tests.Infrastructure;
using Platform.Web.Features.Feedback;

namespace Platform.BrowserTests;

/// What a reader does at the end of a lesson: says whether it helped, answers its exercises.
public sealed class LessonFeedbackJourney(SampleContentSite site) : IClassFixture<SampleContentSite>
{
    private const string Lesson = "/courses/fine-tuning/what-is-fine-tuning";

    [Fact]
    public async Task A_visitor_says_the_lesson_did_not_help_with_a_note_without_leaving_the_page()
    {
        var (context, page, errors) = await site.NewVisitorAsync();
        await using (context)
        {
            await page.GotoAsync(Lesson);
            var section = page.Locator("section.helpful");
            await section.GetByRole(AriaRole.Link, new() { Name = "아니요" }).ClickAsync();

            var form = section.Locator("#feedback-form");
            await Assertions.Expect(form.Locator("input[name='Input.Helpful'][value=false]")).ToBeCheckedAsync();
            await form.Locator("textarea[name='Input.Note']").FillAsync("그림이 하나 있으면 좋겠어요.");
            await form.GetByRole(AriaRole.Button, new() { Name = "보내기" }).ClickAsync();

            await Assertions.Expect(section.Locator(".feedback-thanks")).ToContainTextAsync("고마워요");
            Assert.Equal(Lesson, new Uri(page.Url).AbsolutePath);
            Assert.Empty(errors);
        }

        await using var db = site.CreateDbContext();
        var vote = await db.Set<HelpfulVote>().AsNoTracking().SingleAsync(v => v.Lesson.Slug == "what-is-fine-tuning");
        Assert.Equal((false, "그림이 하나 있으면 좋겠어요."), (vote.Helpful, vote.Note));
    }

    [Fact]
    public async Task A_visitor_answers_questions_earns_xp_in_the_browser_and_merges_the_answers_at_sign_in()
    {
        await site.CreateUserAsync("quiz-journey@example.com");
        var (context, page, errors) = await site.NewVisitorAsync();
        await using (context)
        {
            await page.GotoAsync("/courses/fine-tuning/full-vs-lora");
            var widget = page.Locator(".site-header [data-progress-widget]");
            await Assertions.Expect(widget.Locator("[data-field=xp]")).ToHaveTextAsync("0");

            var choice = page.Locator("form.quiz[data-exercise='fine-tuning/full-vs-lora/lora-frozen-weights']");
            await choice.Locator("input[name=answer][value='1']").CheckAsync();
            await choice.GetByRole(AriaRole.Button, new() { Name = "정답 확인" }).ClickAsync();
            await Assertions.Expect(choice.Locator(".quiz-result")).ToContainTextAsync("정답이 아니에요");
            await Assertions.Expect(choice.Locator(".quiz-explanation")).ToHaveCountAsync(0);

            await choice.Locator("input[name=answer][value='2']").CheckAsync();
            await choice.GetByRole(AriaRole.Button, new() { Name = "정답 확인" }).ClickAsync();
            await Assertions.Expect(choice.Locator(".quiz-result")).ToContainTextAsync("정답이에요! +5 XP");
            await Assertions.Expect(choice.Locator(".quiz-explanation")).ToContainTextAsync("A, B만 학습해");
            await Assertions.Expect(widget.Locator("[data-field=xp]")).ToHaveTextAsync("5");

            var text = page.Locator("form.quiz[data-exercise='fine-tuning/full-vs-lora/trainable-params-method']");
            await text.Locator("input[name=answer]").FillAsync(" Print_Trainable_Parameters ");
            await text.GetByRole(AriaRole.Button, new() { Name = "정답 확인" }).ClickAsync();
            await Assertions.Expect(text.Locator(".quiz-result")).ToContainTextAsync("정답이에요!");
            await Assertions.Expect(widget.Locator("[data-field=xp]")).ToHaveTextAsync("10");

            await page.ReloadAsync();
            await Assertions.Expect(page.Locator("form.quiz .quiz-solved")).ToHaveCountAsync(2);
            await Assertions.Expect(widget.Locator("[data-field=xp]")).ToHaveTextAsync("10");

            await page.GotoAsync("/Identity/Account/Login?returnUrl=%2Fcourses%2Ffine-tuning%2Ffull-vs-lora");
            await page.Locator("input[name='Input.Email']").FillAsync("quiz-journey@example.com");
            await page.Locator("input[name='Input.Password']").FillAsync(TestUsers.Password);
            await page.Locator("form#account button[type=submit]").ClickAsync();
            var banner = page.Locator("#progress-merge");
            await Assertions.Expect(banner).ToContainTextAsync("이 브라우저에 계정에 없는 맞힌 연습 문제 2개, 10 XP가 있어요");
            await banner.GetByRole(AriaRole.Button, new() { Name = "계정에 합치기" }).ClickAsync();
            await Assertions.Expect(banner).ToContainTextAsync("연습 문제 2개를 계정에 합쳤어요");
            await Assertions.Expect(widget.Locator("[data-field=xp]")).ToHaveTextAsync("10");
            await page.ReloadAsync();
            await Assertions.Expect(page.Locator("form.quiz .quiz-solved")).ToHaveCountAsync(2);
            Assert.Empty(errors);
        }
    }
}
