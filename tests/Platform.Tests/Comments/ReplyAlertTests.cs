using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Tests.Infrastructure;
using Platform.Web.Features.Notifications;

namespace Platform.Tests.Comments;

/// Reply alerts with no delay: the e-mail goes out as soon as the reply is committed.
public sealed class ReplyAlertTests(CommentsFactory factory) : IClassFixture<CommentsFactory>
{
    [Fact]
    public async Task A_reply_emails_the_thread_author_once_and_notifies_them_and_nobody_else()
    {
        var (b, bEmail) = await factory.LearnerAsync("bora");
        var (a, aEmail) = await factory.LearnerAsync("ahn");
        var thread = await CommentsFactory.CommentAsync(b, "양자화하면 품질이 얼마나 떨어지나요?");

        var reply = await CommentsFactory.CommentAsync(a, "4비트면 **조금** 떨어져요. 직접 평가해 보세요.", thread);

        var mail = await factory.Smtp.WaitForMessageToAsync(bEmail);
        Assert.Contains("ahn님이 답글을 남겼어요", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("4비트면 조금 떨어져요. 직접 평가해 보세요.", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("4비트면 조금 떨어져요.", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Equal($"/comments/{reply}", mail.LinkTo("/comments/"));
        mail.LinkTo("/notifications/unsubscribe");
        // Each token is sealed anew (the header's and the body's differ), both name this person and thread.
        Assert.StartsWith("<http://localhost:5080/notifications/unsubscribe?token=", mail.Headers["List-Unsubscribe"], StringComparison.Ordinal);
        Assert.Equal("List-Unsubscribe=One-Click", mail.Headers["List-Unsubscribe-Post"]);
        mail.LinkTo("/notifications/preferences");

        await factory.WaitForOutboxAsync(rows => rows.Values.All(r => r.Status is "sent" or "cancelled"));
        Assert.Single(factory.Smtp.MessagesTo(bEmail));
        Assert.Empty(factory.Smtp.MessagesTo(aEmail));
        Assert.Empty(await factory.AlertRowsToAsync(aEmail));
        var notification = Assert.Single(await factory.NotificationsForAsync(bEmail));
        Assert.Equal(reply, notification.CommentId);
        Assert.Empty(await factory.NotificationsForAsync(aEmail));
    }

    [Fact]
    public async Task A_reply_alert_is_written_in_the_language_of_the_recipients_account()
    {
        var (b, bEmail) = await factory.LearnerAsync("brook");
        var (a, _) = await factory.LearnerAsync("aram");
        await factory.ExecuteAsync("UPDATE users SET language = 'en' WHERE email = @email", ("email", bEmail));
        var thread = await CommentsFactory.CommentAsync(b, "Does quantization hurt quality?");

        // The replier reads Korean; the mail follows the recipient's account.
        await CommentsFactory.CommentAsync(a, "4비트면 조금 떨어져요.", thread);

        var mail = await factory.Smtp.WaitForMessageToAsync(bEmail);
        Assert.StartsWith("[C.W.K. Stream] aram replied · ", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("brook, there are new replies in the '", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("aram: “4비트면 조금 떨어져요.”", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("Mute this thread", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\">", mail.HtmlBody, StringComparison.Ordinal);
        // Only the lesson's title and the reply itself (user and lesson content) are Korean.
        var words = mail.TextBody!.Replace("4비트면 조금 떨어져요.", "", StringComparison.Ordinal).Replace("첫 레슨", "", StringComparison.Ordinal);
        Assert.DoesNotMatch(@"[\uAC00-\uD7A3]", words);
    }

    [Fact]
    public async Task The_bell_counts_unread_notifications_and_opening_one_lands_on_the_reply()
    {
        var (b, _) = await factory.LearnerAsync("belle");
        var (a, _) = await factory.LearnerAsync("arin");
        var thread = await CommentsFactory.CommentAsync(b, "질문이에요.");
        var reply = await CommentsFactory.CommentAsync(a, "답이에요.", thread);
        await CommentsFactory.CommentAsync(a, "하나 더요.", thread);

        var home = await b.GetDocumentAsync("/");
        Assert.Equal("2", home.QuerySelector(".site-header .bell .bell-count")!.TextContent);
        var list = await b.GetDocumentAsync("/notifications");
        var items = list.QuerySelectorAll(".notification").ToList();
        Assert.Equal(2, items.Count);
        Assert.Contains("하나 더요.", items[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("arin님이 첫 레슨 댓글에 답글을 남겼어요", string.Join(' ', items[1].QuerySelector(".notification-title")!.TextContent.Split(' ', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);

        var open = await b.GetAsync(items[1].QuerySelector("a.notification-link")!.GetAttribute("href"));
        Assert.Equal(HttpStatusCode.Redirect, open.StatusCode);
        Assert.Equal($"/courses/demo/first#comment-{reply}", open.Headers.Location!.OriginalString);
        Assert.Equal("1", (await b.GetDocumentAsync("/")).QuerySelector(".bell .bell-count")!.TextContent);

        var readAll = await b.SubmitFormAsync("/notifications", "#read-all", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, readAll.StatusCode);
        Assert.Null((await b.GetDocumentAsync("/")).QuerySelector(".bell .bell-count"));
        Assert.Empty((await b.GetDocumentAsync("/notifications")).QuerySelectorAll(".notification.unread"));
    }

    [Fact]
    public async Task A_reply_in_ones_own_thread_alerts_no_one()
    {
        var (b, bEmail) = await factory.LearnerAsync("solo");
        var thread = await CommentsFactory.CommentAsync(b, "혼잣말 1");

        await CommentsFactory.CommentAsync(b, "혼잣말 2", thread);

        Assert.Empty(await factory.NotificationsForAsync(bEmail));
        Assert.Empty(await factory.AlertRowsToAsync(bEmail));
    }

    [Fact]
    public async Task Everyone_who_replied_hears_of_later_replies_but_never_of_their_own()
    {
        var (b, bEmail) = await factory.LearnerAsync("first-poster");
        var (a, aEmail) = await factory.LearnerAsync("second-poster");
        var (c, cEmail) = await factory.LearnerAsync("third-poster");
        var thread = await CommentsFactory.CommentAsync(b, "처음");
        await CommentsFactory.CommentAsync(a, "둘째", thread);

        var last = await CommentsFactory.CommentAsync(c, "셋째", thread);

        Assert.Contains(await factory.NotificationsForAsync(bEmail), n => n.CommentId == last);
        Assert.Contains(await factory.NotificationsForAsync(aEmail), n => n.CommentId == last);
        Assert.Empty(await factory.NotificationsForAsync(cEmail));
        await factory.Smtp.WaitForAsync(_ => factory.Smtp.MessagesTo(aEmail).Count == 1 && factory.Smtp.MessagesTo(bEmail).Count == 2);
        Assert.Empty(factory.Smtp.MessagesTo(cEmail));
    }

    [Fact]
    public async Task The_unsubscribe_link_works_without_a_session_and_stops_mail_for_that_thread_only()
    {
        var (b, bEmail) = await factory.LearnerAsync("busy");
        var (a, _) = await factory.LearnerAsync("answerer");
        var muted = await CommentsFactory.CommentAsync(b, "알림 끌 스레드");
        var kept = await CommentsFactory.CommentAsync(b, "알림 둘 스레드");
        await CommentsFactory.CommentAsync(a, "첫 답글", muted);
        var mail = await factory.Smtp.WaitForMessageToAsync(bEmail);
        var link = mail.LinkTo("/notifications/unsubscribe");

        using var stranger = factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        var confirm = await stranger.GetDocumentAsync(link);
        Assert.Contains("답글 알림을 끌까요?", confirm.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        var form = confirm.QuerySelector("#unsubscribe-form")!;
        var done = await stranger.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Contains("답글 알림을 껐어요", (await done.ParseAsync()).QuerySelector(".unsubscribe-done")!.TextContent, StringComparison.Ordinal);

        await CommentsFactory.CommentAsync(a, "둘째 답글, 꺼진 스레드", muted);
        var other = await CommentsFactory.CommentAsync(a, "다른 스레드의 답글", kept);
        await factory.Smtp.WaitForAsync(_ => factory.Smtp.MessagesTo(bEmail).Count == 2);
        Assert.Contains("다른 스레드의 답글", factory.Smtp.MessagesTo(bEmail)[1].TextBody, StringComparison.Ordinal);
        await factory.WaitForOutboxAsync(rows => rows.Values.All(r => r.Status is "sent" or "cancelled"));
        Assert.Equal(2, factory.Smtp.MessagesTo(bEmail).Count);
        Assert.Single(await factory.NotificationsForAsync(bEmail), n => n.ThreadId == muted);
        Assert.Contains(await factory.NotificationsForAsync(bEmail), n => n.CommentId == other);
        Assert.Equal("답글 알림 꺼짐", (await CommentsFactory.PageHoldingAsync(b, muted)).QuerySelector($"#comment-{muted} button[name=subscribed]")!.TextContent.Trim());
        Assert.Equal("답글 알림 켜짐", (await CommentsFactory.PageHoldingAsync(b, kept)).QuerySelector($"#comment-{kept} button[name=subscribed]")!.TextContent.Trim());
    }

    [Fact]
    public async Task A_mail_client_unsubscribes_with_the_one_click_post_of_RFC_8058()
    {
        var (b, bEmail) = await factory.LearnerAsync("one-click");
        var (a, _) = await factory.LearnerAsync("one-click-replier");
        var thread = await CommentsFactory.CommentAsync(b, "스레드");
        var first = await CommentsFactory.CommentAsync(a, "답글", thread);
        var mail = await factory.Smtp.WaitForMessageToAsync(bEmail);
        var target = mail.Headers["List-Unsubscribe"]!.Trim('<', '>');

        using var mailClient = factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        var response = await mailClient.PostAsync(new Uri(target).PathAndQuery,
            new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await CommentsFactory.CommentAsync(a, "다음 답글", thread);
        Assert.Equal([first], (await factory.NotificationsForAsync(bEmail)).Select(n => n.CommentId));
    }

    [Fact]
    public async Task A_forged_or_altered_unsubscribe_token_is_refused()
    {
        using var stranger = factory.CreateClient();

        var page = await stranger.GetDocumentAsync("/notifications/unsubscribe?token=forged", HttpStatusCode.BadRequest);
        var post = await stranger.PostAsync("/notifications/unsubscribe?token=forged", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["List-Unsubscribe"] = "One-Click",
        }));

        Assert.Contains("링크가 올바르지 않아요", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
    }

    [Fact]
    public async Task The_bell_button_mutes_a_thread_from_the_lesson_page()
    {
        var (b, bEmail) = await factory.LearnerAsync("muter");
        var (a, _) = await factory.LearnerAsync("muted-replier");
        var thread = await CommentsFactory.CommentAsync(b, "조용히 할 스레드");

        // The bell names the page's one form for the comments' buttons: no thread carries a form
        // (and a token) of its own, and the way back is the list in the order the learner read.
        var page = await b.GetDocumentAsync($"{CommentsFactory.Lesson}?sort=newest");
        Assert.Empty(page.QuerySelectorAll("article.comment form"));
        Assert.Single(page.QuerySelectorAll("form#comment-actions-form input[name=__RequestVerificationToken]"));
        Assert.Equal("comment-actions-form", page.QuerySelector($"#comment-{thread} button[name=subscribed]")!.GetAttribute("form"));
        // Its author follows the new thread, though no row says so: the bell shows alerts on.
        Assert.Equal("true", page.QuerySelector($"#comment-{thread} button[name=subscribed]")!.GetAttribute("aria-pressed"));
        Assert.Equal(0L, await factory.ScalarAsync<long>($"SELECT count(*) FROM thread_subscriptions WHERE thread_id = {thread}"));
        var toggled = await b.PressAsync($"{CommentsFactory.Lesson}?sort=newest", $"#comment-{thread} button[name=subscribed]");
        Assert.Equal(HttpStatusCode.Redirect, toggled.StatusCode);
        Assert.Equal($"{CommentsFactory.Lesson}?sort=newest#comment-{thread}", toggled.Headers.Location!.OriginalString);
        await CommentsFactory.CommentAsync(a, "아무도 모르는 답글", thread);

        Assert.Empty(await factory.NotificationsForAsync(bEmail));
        Assert.Empty(await factory.AlertRowsToAsync(bEmail));
    }

    [Fact]
    public async Task The_digest_preference_sends_one_mail_a_day_with_the_days_replies()
    {
        var (b, bEmail) = await factory.LearnerAsync("digest-reader");
        var (a, _) = await factory.LearnerAsync("digest-replier");
        var saved = await b.SubmitFormAsync("/notifications/preferences", "#preferences-form",
            new Dictionary<string, string> { ["ReplyEmail"] = "Digest" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("Digest", (await b.GetDocumentAsync("/notifications/preferences")).QuerySelector("input[name=ReplyEmail][checked]")!.GetAttribute("value"));
        var one = await CommentsFactory.CommentAsync(b, "첫 스레드");
        var two = await CommentsFactory.CommentAsync(b, "둘째 스레드");
        await CommentsFactory.CommentAsync(a, "아침 답글", one);
        await CommentsFactory.CommentAsync(a, "저녁 답글", two);
        Assert.Empty(await factory.AlertRowsToAsync(bEmail));
        Assert.Equal(2, (await factory.NotificationsForAsync(bEmail)).Count);

        var seoul = TimeZoneInfo.FindSystemTimeZoneById("Asia/Seoul");
        var today = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, seoul).Date;
        var nextMorning = new DateTimeOffset(today.AddDays(1).AddHours(9), TimeSpan.FromHours(9));
        var beforeEight = new DateTimeOffset(today.AddDays(1).AddHours(7), TimeSpan.FromHours(9));
        Assert.Equal(0, await DigestAsync(beforeEight));
        Assert.Equal(1, await DigestAsync(nextMorning));
        Assert.Equal(0, await DigestAsync(nextMorning.AddHours(3)));

        var mail = await factory.Smtp.WaitForMessageToAsync(bEmail);
        Assert.Contains("오늘의 답글 2개", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("아침 답글", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("저녁 답글", mail.TextBody, StringComparison.Ordinal);
        Assert.Equal("/notifications", mail.LinkTo("/notifications"));
        await factory.WaitForOutboxAsync(rows => rows.Values.All(r => r.Status is "sent" or "cancelled"));
        Assert.Single(factory.Smtp.MessagesTo(bEmail));
    }

    [Fact]
    public async Task The_digest_goes_out_at_the_configured_hour_in_the_learners_own_time_zone()
    {
        var (b, bEmail) = await factory.LearnerAsync("digest-new-york");
        var (a, _) = await factory.LearnerAsync("digest-new-york-replier");
        await b.SubmitFormAsync("/notifications/preferences", "#preferences-form", new Dictionary<string, string> { ["ReplyEmail"] = "Digest" });
        await b.SubmitFormAsync("/me", "form#time-zone-form", new Dictionary<string, string> { ["Preferences.TimeZone"] = "America/New_York" });
        var thread = await CommentsFactory.CommentAsync(b, "뉴욕의 질문");
        await CommentsFactory.CommentAsync(a, "서울의 답글", thread);

        // 08:00 is the default digest hour. 07:00 in New York is 21:00 in Seoul: the site's zone is
        // long past eight, this learner's is not, so nothing goes out until 09:00 in New York.
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var tomorrow = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, newYork).Date.AddDays(1);
        var newYorkBeforeEight = new DateTimeOffset(tomorrow.AddHours(7), newYork.GetUtcOffset(tomorrow.AddHours(7)));
        var newYorkMorning = new DateTimeOffset(tomorrow.AddHours(9), newYork.GetUtcOffset(tomorrow.AddHours(9)));
        Assert.True(TimeZoneInfo.ConvertTime(newYorkBeforeEight, TimeZoneInfo.FindSystemTimeZoneById("Asia/Seoul")).Hour >= 8);
        Assert.Equal(0, await DigestToAsync(bEmail, newYorkBeforeEight));
        Assert.Equal(1, await DigestToAsync(bEmail, newYorkMorning));

        var mail = await factory.Smtp.WaitForMessageToAsync(bEmail);
        Assert.Contains("서울의 답글", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_never_preference_keeps_the_notification_but_sends_no_mail()
    {
        var (b, bEmail) = await factory.LearnerAsync("no-mail");
        var (a, _) = await factory.LearnerAsync("no-mail-replier");
        await b.SubmitFormAsync("/notifications/preferences", "#preferences-form", new Dictionary<string, string> { ["ReplyEmail"] = "Never" });
        var thread = await CommentsFactory.CommentAsync(b, "메일은 싫어요");

        await CommentsFactory.CommentAsync(a, "답글", thread);

        Assert.Single(await factory.NotificationsForAsync(bEmail));
        Assert.Empty(await factory.AlertRowsToAsync(bEmail));
    }

    /// Runs the digest at <paramref name="now"/> and counts the digests queued for <paramref name="email"/>
    /// (other tests in the class share the database and may have digests due too).
    private async Task<int> DigestToAsync(string email, DateTimeOffset now)
    {
        await DigestAsync(now);
        await using var db = factory.CreateDbContext();
        return await db.Set<Platform.Web.Features.Mail.OutboxMessage>()
            .CountAsync(m => m.To == email && m.DedupeKey.StartsWith(ReplyAlertMail.DigestPrefix));
    }

    private Task<int> DigestAsync(DateTimeOffset now) =>
        factory.WithScopeAsync(services => services.GetRequiredService<ReplyDigest>().SendDueAsync(now, CancellationToken.None));
}
