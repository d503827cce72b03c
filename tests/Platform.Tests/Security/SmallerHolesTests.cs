using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Platform.Tests.Admin;
using Platform.Tests.Infrastructure;
using Platform.Web.Features.Comments;
using Platform.Web.Features.Mail;
using Platform.Web.Features.Notifications;
using Platform.Web.Features.Progress;
using Platform.Web.Features.Reports;
using Platform.Web.Infrastructure.Security;

namespace Platform.Tests.Security;

/// The smaller holes of issue 11, each closed: drafts, backdated progress, what deletion leaves,
/// caching of personal pages.
public sealed class SmallerHolesTests(AdminFactory factory) : IClassFixture<AdminFactory>
{
    [Fact]
    public async Task Draft_lessons_are_not_told_through_the_report_form_or_comment_links()
    {
        var draft = await factory.LessonIdAsync("demo", "secret");
        using var visitor = factory.Visitor();
        var report = await visitor.GetStringAsync("/report?lesson=demo/secret");
        Assert.DoesNotContain("준비 중인 레슨", report, StringComparison.Ordinal);

        var author = await factory.CreateUserAsync($"draft-{Guid.NewGuid():N}@example.com");
        await using (var db = factory.CreateDbContext())
        {
            var comment = new Comment { LessonId = draft, AuthorId = author.Id, BodyMarkdown = "초안", BodyHtml = "<p>초안</p>", CreatedAt = DateTimeOffset.UtcNow };
            db.Add(comment);
            await db.SaveChangesAsync();
            var link = await visitor.GetAsync($"/comments/{comment.Id}");
            Assert.Equal(HttpStatusCode.NotFound, link.StatusCode);
        }
    }

    [Fact]
    public async Task Merge_neither_moves_a_completion_earlier_nor_backdates_before_the_account()
    {
        var (client, userId) = await factory.LearnerAsync();
        using (client)
        {
            var token = (await client.GetFromJsonAsync<TokenResponse>("/api/antiforgery"))!.Token;
            Assert.Equal(HttpStatusCode.OK, (await PostJsonAsync(client, token, "/api/progress/complete", "{\"lesson\":\"demo/intro\"}")).StatusCode);
            var merged = await PostJsonAsync(client, token, "/api/progress/merge",
                "{\"completions\":[{\"lesson\":\"demo/intro\",\"completedAt\":\"2001-01-01T00:00:00Z\"},{\"lesson\":\"demo/second\",\"completedAt\":\"2001-01-01T00:00:00Z\"}]}");
            Assert.Equal(HttpStatusCode.OK, merged.StatusCode);
        }
        await using var db = factory.CreateDbContext();
        var born = await db.Users.Where(u => u.Id == userId).Select(u => u.CreatedAt).SingleAsync();
        var times = await db.Set<LessonCompletion>().Where(c => c.UserId == userId).Select(c => c.CompletedAt).ToListAsync();
        Assert.Equal(2, times.Count);
        Assert.All(times, t => Assert.True(t >= born, $"{t:O} is before the account ({born:O})"));
    }

    [Fact]
    public async Task Deleting_an_account_leaves_no_mail_notifications_subscriptions_flags_or_user_agents()
    {
        var email = $"leaving-{Guid.NewGuid():N}@example.com";
        var user = await factory.CreateUserAsync(email);
        var comment = await factory.SeedCommentAsync("남의 댓글");
        var reportId = await factory.SeedReportAsync(reporterId: user.Id);
        await using (var db = factory.CreateDbContext())
        {
            await db.Set<ProblemReport>().Where(r => r.Id == reportId).ExecuteUpdateAsync(s => s.SetProperty(r => r.UserAgent, "Mozilla/5.0 (떠나는 사람)"));
            db.Add(new CommentFlag { CommentId = comment, UserId = user.Id, Reason = "스팸·광고", CreatedAt = DateTimeOffset.UtcNow });
            db.Add(new ThreadSubscription { ThreadId = comment, UserId = user.Id, Subscribed = true, UpdatedAt = DateTimeOffset.UtcNow });
            db.Add(new Notification { UserId = user.Id, CommentId = comment, ThreadId = comment, CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }
        await factory.QueueAsync(MailFactory.TestMail($"account:test:{user.Id}:1", email));
        using var client = await factory.SignedInClientAsync(email);

        var deleted = await client.SubmitFormAsync("/Identity/Account/Manage/DeletePersonalData", "form#delete-account",
            new Dictionary<string, string> { ["Input.Password"] = TestUsers.Password });
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);

        await using var check = factory.CreateDbContext();
        Assert.False(await check.Set<OutboxMessage>().AnyAsync(m => m.To == email));
        Assert.False(await check.Set<CommentFlag>().AnyAsync(f => f.UserId == user.Id));
        Assert.False(await check.Set<ThreadSubscription>().AnyAsync(s => s.UserId == user.Id));
        Assert.False(await check.Set<Notification>().AnyAsync(n => n.UserId == user.Id));
        Assert.Null((await check.Set<ProblemReport>().SingleAsync(r => r.Id == reportId)).UserAgent);
    }

    [Fact]
    public async Task Personal_pages_are_no_store_and_cookies_are_Secure()
    {
        var (client, _) = await factory.LearnerAsync();
        using (client)
        {
            foreach (var url in new[] { "/me", "/notifications", "/Identity/Account/Manage" })
            {
                var response = await client.GetAsync(url);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.True(response.Headers.CacheControl?.NoStore == true, url);
            }
        }
        using var visitor = factory.Visitor();
        var form = await visitor.GetAsync("/Identity/Account/Login");
        var cookies = form.Headers.GetValues("Set-Cookie").ToList();
        Assert.NotEmpty(cookies);
        Assert.All(cookies, c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));
    }

    private static async Task<HttpResponseMessage> PostJsonAsync(HttpClient client, string token, string url, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add(JsonAntiforgery.HeaderName, token);
        return await client.SendAsync(request);
    }

    private sealed record TokenResponse(string Token);
}
