using Microsoft.Playwright;
using Platform.Tests.Infrastructure;

namespace Platform.BrowserTests;

/// The thread tools in a real browser: the preview appears under the form without leaving the
/// page, and the author edits a fresh comment in place; no console or policy errors on the way.
public sealed class CommentThreadJourney(MailBrowserSite site) : IClassFixture<MailBrowserSite>
{
    private const string Lesson = "/courses/fine-tuning/base-vs-instruct";

    [Fact]
    public async Task A_learner_previews_a_comment_in_place_posts_it_and_edits_it_without_leaving_the_lesson()
    {
        await site.CreateUserAsync("dana@example.com", displayName: "다나");
        var (context, page, errors) = await site.NewVisitorAsync();
        await using (context)
        {
            await SignInToCommentsAsync(page, "dana@example.com");

            // Preview: rendered by the server, shown under the form; the page does not change.
            await page.Locator("#comment-body").FillAsync("**굵게** 쓴 질문 <script>alert(1)</script>");
            await page.Locator("#comment-form button[data-comment-preview]").ClickAsync();
            var preview = page.Locator("#comment-form + [data-preview-shown]");
            await Assertions.Expect(preview.Locator(".comment-body strong")).ToHaveTextAsync("굵게");
            Assert.Equal(0, await preview.Locator("script").CountAsync());
            Assert.EndsWith($"{Lesson}#comments", page.Url, StringComparison.Ordinal);
            Assert.Contains("굵게", await page.Locator("#comment-body").InputValueAsync(), StringComparison.Ordinal);
            await Assertions.Expect(page.Locator("#comment-form + [data-preview-shown]")).ToHaveCountAsync(1);

            // An empty preview says what is wrong, in the same place.
            await page.Locator("#comment-body").FillAsync("");
            await page.Locator("#comment-form button[data-comment-preview]").ClickAsync();
            await Assertions.Expect(page.Locator("#comment-form + [data-preview-shown].comment-problem")).ToBeVisibleAsync();
            // The browser logs the refused preview's 400 itself; that one line is expected, nothing else.
            Assert.All(errors, e => Assert.Contains("400", e, StringComparison.Ordinal));
            Assert.All(errors, e => Assert.Contains("/comments/new?handler=Preview", e, StringComparison.Ordinal));
            errors.Clear();

            await page.Locator("#comment-body").FillAsync("**굵게** 쓴 질문이에요.");
            await page.Locator("#comment-form button.primary").ClickAsync();
            await page.WaitForURLAsync("**#comment-*");
            var id = new Uri(page.Url).Fragment.TrimStart('#');
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

            // Edit in place: the form opens inside the comment, saving replaces the comment.
            var lessonUrl = page.Url;
            await page.Locator($"#{id} a[data-edit-in-place]").ClickAsync();
            var form = page.Locator($"#{id} form.edit-in-place");
            await Assertions.Expect(form).ToBeVisibleAsync();
            Assert.Equal(lessonUrl, page.Url);
            await Assertions.Expect(page.Locator($"#{id} .comment-body")).ToBeHiddenAsync();

            // Cancel first: the comment is back as it was.
            await form.Locator("[data-edit-cancel]").ClickAsync();
            await Assertions.Expect(form).ToHaveCountAsync(0);
            await Assertions.Expect(page.Locator($"#{id} .comment-body")).ToContainTextAsync("쓴 질문이에요.");

            await page.Locator($"#{id} a[data-edit-in-place]").ClickAsync();
            await form.Locator("textarea").FillAsync("고친 질문: `apply_chat_template`은 어디서 쓰나요?");
            await form.Locator("button[type=submit]").ClickAsync();
            await Assertions.Expect(page.Locator($"#{id} .comment-body code")).ToHaveTextAsync("apply_chat_template");
            await Assertions.Expect(page.Locator($"#{id} .comment-edited")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator($"#{id} form.edit-in-place")).ToHaveCountAsync(0);
            Assert.Equal(lessonUrl, page.Url);

            // What was saved is what everyone sees.
            await page.ReloadAsync();
            await Assertions.Expect(page.Locator($"#{id} .comment-body code")).ToHaveTextAsync("apply_chat_template");
            // One's own comment offers no "도움돼요" button.
            await Assertions.Expect(page.Locator($"#{id} button[name=helpful]")).ToHaveCountAsync(0);
            Assert.Empty(errors);
        }

        // Another learner finds it helpful: the count changes in place, and stays after a reload.
        await site.CreateUserAsync("eli@example.com", displayName: "엘리");
        var (otherContext, other, otherErrors) = await site.NewVisitorAsync();
        await using (otherContext)
        {
            await SignInToCommentsAsync(other, "eli@example.com");
            var id = await other.Locator("article.comment:not(.comment-mine)").Last.GetAttributeAsync("id");
            var button = other.Locator($"#{id} button[name=helpful]");
            await Assertions.Expect(button).ToHaveAttributeAsync("aria-pressed", "false");
            var url = other.Url;

            await button.ClickAsync();
            await Assertions.Expect(button).ToHaveAttributeAsync("aria-pressed", "true");
            await Assertions.Expect(button.Locator("span")).ToHaveTextAsync("1");
            Assert.Equal(url, other.Url);

            await other.ReloadAsync();
            await Assertions.Expect(other.Locator($"#{id} button[name=helpful]")).ToHaveAttributeAsync("aria-pressed", "true");
            await Assertions.Expect(other.Locator($"#{id} button[name=helpful] span")).ToHaveTextAsync("1");

            await other.Locator($"#{id} button[name=helpful]").ClickAsync();
            await Assertions.Expect(other.Locator($"#{id} button[name=helpful]")).ToHaveAttributeAsync("aria-pressed", "false");
            await Assertions.Expect(other.Locator($"#{id} button[name=helpful] span")).ToHaveTextAsync("0");
            Assert.Empty(otherErrors);
        }
    }

    /// Signs in through the form and lands on the lesson's comments, scripts loaded.
    private static async Task SignInToCommentsAsync(IPage page, string email)
    {
        page.SetDefaultTimeout(90_000);
        await page.GotoAsync("/Identity/Account/Login?returnUrl=" + Uri.EscapeDataString(Lesson + "#comments"));
        await page.Locator("input[name='Input.Email']").FillAsync(email);
        await page.Locator("input[name='Input.Password']").FillAsync(TestUsers.Password);
        await page.Locator("form#account button[type=submit]").ClickAsync();
        await page.WaitForURLAsync($"**{Lesson}#comments");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }
}
