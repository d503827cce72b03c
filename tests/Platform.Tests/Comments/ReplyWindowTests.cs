using System.Net;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Comments;

/// Reply alerts that wait: replies within the delay share one e-mail, and the e-mail checks, when
/// due, that there is still something to say. The tests end the wait themselves.
public sealed class ReplyWindowTests(DelayedAlertsFactory factory) : IClassFixture<DelayedAlertsFactory>
{
    [Fact]
    public async Task Three_replies_within_the_delay_become_one_email()
    {
        var (b, bEmail) = await factory.LearnerAsync("window-author");
        var (a, _) = await factory.LearnerAsync("window-replier");
        var (c, _) = await factory.LearnerAsync("window-other");
        var thread = await CommentsFactory.CommentAsync(b, "스레드");
        await CommentsFactory.CommentAsync(a, "첫째 답글", thread);
        await CommentsFactory.CommentAsync(c, "둘째 답글", thread);
        await CommentsFactory.CommentAsync(a, "셋째 답글", thread);
        var key = Assert.Single(await factory.AlertRowsToAsync(bEmail)).Key;

        await factory.ReleaseWaitingAlertsAsync();

        await factory.WaitForOutboxAsync(rows => rows[key].Status == "sent");
        var mail = Assert.Single(factory.Smtp.MessagesTo(bEmail));
        Assert.Contains("새 답글 3개", mail.Subject, StringComparison.Ordinal);
        foreach (var text in new[] { "window-replier님: “첫째 답글”", "window-other님: “둘째 답글”", "window-replier님: “셋째 답글”" })
        {
            Assert.Contains(text, mail.TextBody, StringComparison.Ordinal);
        }
        Assert.Equal(3, (await factory.NotificationsForAsync(bEmail)).Count);
    }

    [Fact]
    public async Task A_reply_deleted_before_the_delay_ends_sends_no_email()
    {
        var (b, bEmail) = await factory.LearnerAsync("deleted-author");
        var (a, _) = await factory.LearnerAsync("deleted-replier");
        var thread = await CommentsFactory.CommentAsync(b, "스레드");
        var reply = await CommentsFactory.CommentAsync(a, "앗, 잘못 쓴 답글", thread);
        var deleted = await a.SubmitFormAsync($"/comments/{reply}/delete", "#delete-form", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        var key = Assert.Single(await factory.AlertRowsToAsync(bEmail)).Key;

        await factory.ReleaseWaitingAlertsAsync();

        await factory.WaitForOutboxAsync(rows => rows[key].Status == "cancelled");
        Assert.Empty(factory.Smtp.MessagesTo(bEmail));
        var list = await b.GetDocumentAsync("/notifications");
        Assert.Contains("삭제되었거나 숨겨진 답글이에요.", list.QuerySelector(".notification")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_notification_read_before_the_delay_ends_sends_no_email()
    {
        var (b, bEmail) = await factory.LearnerAsync("reader-first");
        var (a, _) = await factory.LearnerAsync("reader-replier");
        var thread = await CommentsFactory.CommentAsync(b, "스레드");
        await CommentsFactory.CommentAsync(a, "곧 읽힐 답글", thread);
        var key = Assert.Single(await factory.AlertRowsToAsync(bEmail)).Key;
        var list = await b.GetDocumentAsync("/notifications");
        await b.GetAsync(list.QuerySelector("a.notification-link")!.GetAttribute("href"));

        await factory.ReleaseWaitingAlertsAsync();

        await factory.WaitForOutboxAsync(rows => rows[key].Status == "cancelled");
        Assert.Empty(factory.Smtp.MessagesTo(bEmail));
    }

    [Fact]
    public async Task A_thread_its_author_mutes_before_the_delay_ends_sends_no_email()
    {
        var (b, bEmail) = await factory.LearnerAsync("muting-author");
        var (a, _) = await factory.LearnerAsync("muting-replier");
        // The author follows the thread without a row; muting writes their choice.
        var thread = await CommentsFactory.CommentAsync(b, "스레드");
        await CommentsFactory.CommentAsync(a, "조용해질 답글", thread);
        var key = Assert.Single(await factory.AlertRowsToAsync(bEmail)).Key;
        var muted = await b.PressAsync($"{CommentsFactory.Lesson}?sort=newest", $"#comment-{thread} button[name=subscribed]");
        Assert.Equal(HttpStatusCode.Redirect, muted.StatusCode);

        await factory.ReleaseWaitingAlertsAsync();

        await factory.WaitForOutboxAsync(rows => rows[key].Status == "cancelled");
        Assert.Empty(factory.Smtp.MessagesTo(bEmail));
    }

    [Fact]
    public async Task Only_the_replies_still_visible_and_unread_are_in_the_email()
    {
        var (b, bEmail) = await factory.LearnerAsync("partial-author");
        var (a, _) = await factory.LearnerAsync("partial-replier");
        var thread = await CommentsFactory.CommentAsync(b, "스레드");
        var gone = await CommentsFactory.CommentAsync(a, "지워질 답글", thread);
        await CommentsFactory.CommentAsync(a, "남을 답글", thread);
        await a.SubmitFormAsync($"/comments/{gone}/delete", "#delete-form", new Dictionary<string, string>());
        var key = Assert.Single(await factory.AlertRowsToAsync(bEmail)).Key;

        await factory.ReleaseWaitingAlertsAsync();

        await factory.WaitForOutboxAsync(rows => rows[key].Status == "sent");
        var mail = Assert.Single(factory.Smtp.MessagesTo(bEmail));
        Assert.Contains("남을 답글", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("지워질 답글", mail.TextBody, StringComparison.Ordinal);
    }
}
