using Microsoft.Playwright;
using Platform.Tests.Infrastructure;

namespace Platform.BrowserTests;

public sealed class CommentJourney(MailBrowserSite site) : IClassFixture<MailBrowserSite>
{
    private const string Lesson = "/courses/fine-tuning/base-vs-instruct";

    [Fact]
    public async Task One_learner_comments_another_replies_and_the_first_follows_the_bell_and_the_mail()
    {
        await site.CreateUserAsync("bora@example.com", displayName: "보라");
        await site.CreateUserAsync("jun@example.com", displayName: "준");
        var (boraContext, bora, boraErrors) = await site.NewVisitorAsync();
        var (junContext, jun, junErrors) = await site.NewVisitorAsync();
        var (strangerContext, stranger, strangerErrors) = await site.NewVisitorAsync();
        await using (boraContext)
        await using (junContext)
        await using (strangerContext)
        {
            // The build machines are shared and often busy: wait longer than Playwright's 30 s default.
            foreach (var page in new[] { bora, jun, stranger })
            {
                page.SetDefaultTimeout(90_000);
            }
            // Bora reads the lesson as a visitor, signs in from the comment box and comes back to it.
            await bora.GotoAsync(Lesson);
            await Screenshot(bora, "comments-visitor", "#comments");
            await bora.Locator("#comments .comments-signin a").ClickAsync();
            await SignInAsync(bora, "bora@example.com");
            await bora.WaitForURLAsync($"**{Lesson}#comments");
            // The page's scripts (progress sync after sign-in) settle before the form is used.
            await bora.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await bora.Locator("#comment-body").FillAsync("Base 모델로 시작하면 **채팅 템플릿**은 직접 정해야 하나요?");
            await bora.GetByRole(AriaRole.Button, new() { Name = "댓글 남기기" }).ClickAsync();
            await bora.WaitForURLAsync("**#comment-*");
            var thread = await bora.Locator(".comment-thread article").First.GetAttributeAsync("id");
            Assert.Contains("채팅 템플릿", await bora.Locator($"#{thread} .comment-body").InnerTextAsync(), StringComparison.Ordinal);

            // Jun replies from his own browser.
            await jun.GotoAsync("/Identity/Account/Login?returnUrl=" + Uri.EscapeDataString(Lesson + "#comments"));
            await SignInAsync(jun, "jun@example.com");
            await jun.WaitForURLAsync($"**{Lesson}#comments");
            await jun.WaitForLoadStateAsync(LoadState.NetworkIdle);
            // The reply link opens the page's one reply form right under the comment, named for its author.
            await jun.Locator($"#{thread} a.reply-link").ClickAsync();
            Assert.Contains("보라", await jun.Locator($"#{thread} .reply-form textarea").GetAttributeAsync("placeholder") ?? "", StringComparison.Ordinal);
            Assert.EndsWith(Lesson + "#comments", jun.Url, StringComparison.Ordinal);
            await jun.Locator($"#{thread} .reply-form textarea").FillAsync("네, 직접 정하고 학습과 추론에 똑같이 써야 해요. 예시: `<|user|>` 형식.");
            await jun.Locator($"#{thread} .reply-form button.primary").ClickAsync();
            await jun.WaitForURLAsync("**#comment-*");
            var reply = new Uri(jun.Url).Fragment.TrimStart('#');
            Assert.Contains("준", await jun.Locator($"#{reply} .comment-author").InnerTextAsync(), StringComparison.Ordinal);
            await Screenshot(jun, "comments-learner", "#comments");

            // Bora sees the bell, opens the notification and lands on the reply.
            await bora.GotoAsync("/");
            Assert.Equal("1", await bora.Locator(".site-header .bell-count").InnerTextAsync());
            await Screenshot(bora, "bell", ".site-header");
            // Let the page's scripts finish their requests first: a header that is still settling
            // can move the bell from under the click.
            await bora.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await bora.Locator(".site-header .bell").ClickAsync();
            await bora.WaitForURLAsync("**/notifications");
            await Screenshot(bora, "notifications", "main");
            await bora.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await bora.Locator(".notification-link").First.ClickAsync();
            await bora.WaitForURLAsync($"**{Lesson}#{reply}");
            Assert.True(await bora.Locator($"#{reply}").IsVisibleAsync());
            Assert.Equal(0, await bora.Locator(".site-header .bell-count").CountAsync());

            // The reply e-mail arrives; its unsubscribe link works in a browser with no session.
            var mail = await site.Smtp.WaitForMessageToAsync("bora@example.com");
            Assert.Contains("준님이 답글을 남겼어요", mail.Subject, StringComparison.Ordinal);
            await stranger.GotoAsync(mail.LinkTo("/notifications/unsubscribe"));
            await stranger.GetByRole(AriaRole.Button, new() { Name = "이 스레드 알림 끄기" }).ClickAsync();
            Assert.Contains("답글 알림을 껐어요", await stranger.Locator(".unsubscribe-done").InnerTextAsync(), StringComparison.Ordinal);
            await stranger.GotoAsync(Lesson);
            Assert.Equal("댓글 2", await stranger.Locator("#comments h2").InnerTextAsync());
            await Screenshot(stranger, "comments-visitor-threads", "#comments");
            await bora.GotoAsync(Lesson);
            Assert.Contains("답글 알림 꺼짐", await bora.Locator($"#{thread} button[name=subscribed]").InnerTextAsync(), StringComparison.Ordinal);
            // The bell submits the page's one form for the comments' buttons, and comes back on.
            await bora.Locator($"#{thread} button[name=subscribed]").ClickAsync();
            await Assertions.Expect(bora.Locator($"#{thread} button[name=subscribed]")).ToHaveTextAsync("답글 알림 켜짐");
            await Assertions.Expect(bora.Locator($"#{thread} button[name=subscribed]")).ToHaveAttributeAsync("aria-pressed", "true");

            Assert.Empty(boraErrors);
            Assert.Empty(junErrors);
            Assert.Empty(strangerErrors);
        }
    }

    private static async Task SignInAsync(IPage page, string email)
    {
        await page.Locator("input[name='Input.Email']").FillAsync(email);
        await page.Locator("input[name='Input.Password']").FillAsync(TestUsers.Password);
        await page.Locator("form#account button[type=submit]").ClickAsync();
    }

    /// Screenshots for review, when PLATFORM_SCREENSHOTS names a folder.
    private static async Task Screenshot(IPage page, string name, string selector)
    {
        var folder = Environment.GetEnvironmentVariable("PLATFORM_SCREENSHOTS");
        if (string.IsNullOrEmpty(folder))
        {
            return;
        }
        Directory.CreateDirectory(folder);
        await page.Locator(selector).ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png") });
    }
}
