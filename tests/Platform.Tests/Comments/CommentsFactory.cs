using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Platform.Tests.Infrastructure;
using Platform.Tests.Lessons;
using Platform.Web.Features.Comments;
using Platform.Web.Features.Notifications;

namespace Platform.Tests.Comments;

/// The app with a small course imported, a loopback SMTP server, and reply alerts sent at once.
public class CommentsFactory : MailFactory
{
    public const string Lesson = "/courses/demo/first";
    public const string OtherLesson = "/courses/demo/second";

    protected virtual TimeSpan ReplyDelay => TimeSpan.Zero;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        using var content = new ContentFolder();
        content.Course("demo", "데모 강좌", ("basics", "기초"));
        content.Lesson("demo", "basics", "first", 1, title: "첫 레슨");
        content.Lesson("demo", "basics", "second", 2, title: "둘째 레슨");
        content.Lesson("demo", "basics", "third", 3, title: "셋째 레슨");
        _contentRoot = content.Root;
        // Starting the host runs the import.
        _ = Services;
    }

    private string _contentRoot = "";

    protected override IEnumerable<(string Key, string Value)> Settings() =>
    [
        .. base.Settings(),
        ("Platform:ImportContentOnStart", "true"),
        ("Platform:ContentPath", _contentRoot),
        ("Notifications:ReplyDelay", ReplyDelay.ToString("c", System.Globalization.CultureInfo.InvariantCulture)),
        ("Notifications:DigestEnabled", "false"),
    ];

    /// Posts a comment through the lesson page's form, or a reply to <paramref name="replyTo"/>
    /// through the page its "reply" link leads to (as a browser without script does).
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string body, long? replyTo = null, string lesson = Lesson)
    {
        var fields = new Dictionary<string, string> { ["Input.Body"] = body };
        if (replyTo is null)
        {
            return await client.SubmitFormAsync(lesson, "#comment-form", fields);
        }
        return await client.SubmitFormAsync(await ReplyPageAsync(client, replyTo.Value, lesson), "#comment-form", fields);
    }

    /// Where the "reply" link of comment <paramref name="replyTo"/> on the lesson page leads.
    public static async Task<string> ReplyPageAsync(HttpClient client, long replyTo, string lesson = Lesson)
    {
        var page = await PageHoldingAsync(client, replyTo, lesson);
        var link = page.QuerySelector($"#comment-{replyTo} a.reply-link")?.GetAttribute("href");
        Assert.False(string.IsNullOrEmpty(link), $"Comment {replyTo} on {lesson} has no reply link.");
        return link;
    }

    /// The page of <paramref name="lesson"/>'s threads that holds comment <paramref name="id"/>, found
    /// through the comment's own address (in a long class of tests a lesson's threads fill more than one page).
    public static async Task<AngleSharp.Html.Dom.IHtmlDocument> PageHoldingAsync(HttpClient client, long id, string lesson = Lesson)
    {
        var holding = await client.GetAsync($"/comments/{id}");
        var at = holding.StatusCode == HttpStatusCode.Redirect ? holding.Headers.Location!.OriginalString.Split('#')[0] : holding.RequestMessage!.RequestUri!.PathAndQuery;
        Assert.StartsWith(lesson, at, StringComparison.Ordinal);
        return await client.GetDocumentAsync(at);
    }

    /// Posts and returns the new comment's id (from the redirect to its anchor).
    public static async Task<long> CommentAsync(HttpClient client, string body, long? replyTo = null, string lesson = Lesson)
    {
        var response = await PostAsync(client, body, replyTo, lesson);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect,
            $"Posting failed: {(int)response.StatusCode}\n{await response.Content.ReadAsStringAsync()}");
        var match = Regex.Match(response.Headers.Location!.OriginalString, "#comment-(\\d+)$");
        Assert.True(match.Success, response.Headers.Location.OriginalString);
        return long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// A signed-in learner named <paramref name="name"/> (address name@example.com).
    public async Task<(HttpClient Client, string Email)> LearnerAsync(string name)
    {
        var email = $"{name}@example.com";
        await this.CreateUserAsync(email, displayName: name);
        return (await this.SignedInClientAsync(email), email);
    }

    public async Task<List<Notification>> NotificationsForAsync(string email)
    {
        await using var db = CreateDbContext();
        return await db.Set<Notification>().AsNoTracking()
            .Where(n => db.Users.Any(u => u.Id == n.UserId && u.Email == email))
            .OrderBy(n => n.Id)
            .ToListAsync();
    }

    public async Task<Comment> CommentRowAsync(long id)
    {
        await using var db = CreateDbContext();
        return await db.Set<Comment>().AsNoTracking().SingleAsync(c => c.Id == id);
    }

    public async Task ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        await command.ExecuteNonQueryAsync();
        LearnersChanged();
    }

    /// Makes every waiting reply alert due now and wakes the dispatcher, as the end of the delay would.
    public Task ReleaseWaitingAlertsAsync() =>
        ExecuteAsync("UPDATE email_outbox SET due_at = now() WHERE status = 'queued'; NOTIFY email_outbox;");

    /// The outbox rows of reply alerts to <paramref name="email"/>: status by dedupe key.
    public async Task<List<(string Key, string Status)>> AlertRowsToAsync(string email)
    {
        await using var db = CreateDbContext();
        return (await db.Set<Platform.Web.Features.Mail.OutboxMessage>().AsNoTracking()
                .Where(m => m.To == email && m.DedupeKey.StartsWith(ReplyAlertMail.AlertPrefix))
                .OrderBy(m => m.Id)
                .Select(m => new { m.DedupeKey, m.Status })
                .ToListAsync())
            .Select(m => (m.DedupeKey, m.Status.ToString().ToLowerInvariant()))
            .ToList();
    }
}

/// Reply alerts wait (an hour: the tests end the wait themselves with ReleaseWaitingAlertsAsync).
public sealed class DelayedAlertsFactory : CommentsFactory
{
    protected override TimeSpan ReplyDelay => TimeSpan.FromHours(1);
}
