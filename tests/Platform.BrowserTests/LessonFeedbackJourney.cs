using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Platform.Web.Features.Feedback;

namespace Platform.BrowserTests;

/// What a reader does at the end of a lesson: says whether it helped, answers its exercises.
public sealed class LessonFeedbackJourney(LessonFeedbackJourney.Site site) : IClassFixture<LessonFeedbackJourney.Site>
{
    private const string Lesson = "/courses/fine-tuning/what-is-fine-tuning";

    /// The site with the repository's own content imported.
    public sealed class Site : BrowserSite
    {
        protected override IEnumerable<(string Key, string Value)> Settings() =>
            base.Settings().Append(("Platform:ImportContentOnStart", "true"));
    }

    [Fact]
    public async Task A_visitor_says_the_lesson_did_not_help_with_a_note_without_leaving_the_page()
    {
        var (context, page, errors) = await site.NewVisitorAsync();
        await using (context)
        {
            await page.GotoAsync(Lesson);
            var section = page.Locator("section.helpful");
            await section.GetByRole(AriaRole.Link, new() { Name = "👎 아니요" }).ClickAsync();

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
}
