using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Tests.Infrastructure;
using Platform.Tests.Lessons;
using Platform.Web.Features.Comments;
using Platform.Web.Features.Lessons;
using Platform.Web.Features.Reports;
using Platform.Web.Infrastructure.Caching;
using Platform.Web.Features.Mail;

namespace Platform.Tests.Admin;

/// The app with mail to a loopback SMTP server and a small course imported at start; the content
/// folder stays for re-import. Helpers make the subjects admin actions work on.
public class AdminFactory : MailFactory
{
    public const string IntroParagraph = "파인튜닝은 이미 학습된 모델을 네 데이터로 조금 더 학습시키는 거야.";

    public ContentFolder Content { get; } = new();

    public override async Task InitializeAsync()
    {
        Content.Course("demo", "데모 강좌", ("basics", "기초"));
        Content.Lesson("demo", "basics", "intro", 1, title: "시작하기",
            body: ContentFolder.Body("intro", IntroParagraph + " 그래서 **적은 데이터**로도 돼."));
        Content.Lesson("demo", "basics", "second", 2, title: "두 번째 걸음");
        Content.Lesson("demo", "basics", "secret", 3, title: "준비 중인 레슨", status: "draft");
        Content.Course("other", "다른 강좌", ("only", "유일한 모듈"));
        Content.Lesson("other", "only", "elsewhere", 1, title: "다른 곳의 레슨");
        await base.InitializeAsync();
        _ = Services;
    }

    // The moderation tests all comment on demo/intro and look for their comment on its first page.
    protected override IEnumerable<(string Key, string Value)> Settings() =>
        base.Settings().Concat([
            ("Platform:ImportContentOnStart", "true"), ("Platform:ContentPath", Content.Root), ("Comments:ThreadsPerPage", "1000")]);

    protected override async ValueTask OnDisposedAsync()
    {
        await base.OnDisposedAsync();
        Content.Dispose();
    }

    public HttpClient Visitor() => CreateBrowser();

    public async Task<HttpClient> AdminAsync(string? email = null, string displayName = "관리자")
    {
        email ??= $"admin-{Guid.NewGuid():N}@example.com";
        await this.CreateUserAsync(email, admin: true, displayName: displayName);
        return await this.SignedInClientAsync(email);
    }

    public async Task<(HttpClient Client, string Id)> LearnerAsync(string? email = null)
    {
        email ??= $"learner-{Guid.NewGuid():N}@example.com";
        var user = await this.CreateUserAsync(email);
        return (await this.SignedInClientAsync(email), user.Id);
    }

    public async Task<int> LessonIdAsync(string course, string slug)
    {
        await using var db = CreateDbContext();
        return await db.Lessons.Where(l => l.Course.Slug == course && l.Slug == slug).Select(l => l.Id).SingleAsync();
    }

    public async Task SetLessonStatusAsync(int lessonId, LessonStatus status)
    {
        await using var db = CreateDbContext();
        await db.Lessons.Where(l => l.Id == lessonId).ExecuteUpdateAsync(s => s.SetProperty(l => l.Status, status));
    }

    /// A report straight in the database, as a visitor would have sent it about demo/intro.
    public async Task<int> SeedReportAsync(string? contactEmail = "reader@example.com", string? reporterId = null, string? selected = null)
    {
        await using var db = CreateDbContext();
        var lesson = await db.Lessons.Where(l => l.Course.Slug == "demo" && l.Slug == "intro")
            .Select(l => new { l.Id, Revision = l.Revisions.Single(r => r.Number == l.RevisionNumber) }).SingleAsync();
        var report = new ProblemReport
        {
            LessonId = lesson.Id,
            LessonRevisionId = lesson.Revision.Id,
            LessonRevisionNumber = lesson.Revision.Number,
            PageUrl = "/courses/demo/intro",
            Category = ReportCategory.Typo,
            Description = "오타가 있어요. 확인 부탁드려요.",
            SelectedText = selected,
            ContactEmail = reporterId is null ? contactEmail : null,
            ReporterId = reporterId,
            CreatedAt = DateTimeOffset.UtcNow,
            UpdatedAt = DateTimeOffset.UtcNow,
        };
        db.Add(report);
        await db.SaveChangesAsync();
        return report.Id;
    }

    public async Task<uint> ReportVersionAsync(int id)
    {
        await using var db = CreateDbContext();
        return await db.Set<ProblemReport>().Where(r => r.Id == id).Select(r => r.Version).SingleAsync();
    }

    public async Task<ProblemReport> ReportAsync(int id)
    {
        await using var db = CreateDbContext();
        return await db.Set<ProblemReport>().AsNoTracking().SingleAsync(r => r.Id == id);
    }

    /// A comment on demo/intro straight in the database, with <paramref name="flags"/> open flags
    /// from different people; hidden as three flags would hide it when <paramref name="hidden"/>.
    public async Task<long> SeedCommentAsync(string body = "확인이 필요한 댓글", int flags = 0, bool hidden = false, string? authorId = null)
    {
        authorId ??= (await this.CreateUserAsync($"author-{Guid.NewGuid():N}@example.com")).Id;
        var flaggers = new List<string>();
        for (var i = 0; i < flags; i++)
        {
            flaggers.Add((await this.CreateUserAsync($"flagger-{Guid.NewGuid():N}@example.com")).Id);
        }
        await using var db = CreateDbContext();
        var comment = new Comment
        {
            LessonId = await LessonIdAsync("demo", "intro"),
            AuthorId = authorId,
            BodyMarkdown = body,
            BodyHtml = $"<p>{System.Net.WebUtility.HtmlEncode(body)}</p>",
            CreatedAt = DateTimeOffset.UtcNow,
            HiddenAt = hidden ? DateTimeOffset.UtcNow : null,
            HiddenReason = hidden ? CommentModeration.AutoHiddenReason : null,
        };
        db.Add(comment);
        await db.SaveChangesAsync();
        foreach (var flagger in flaggers)
        {
            db.Add(new CommentFlag { CommentId = comment.Id, UserId = flagger, Reason = "스팸·광고", CreatedAt = DateTimeOffset.UtcNow });
        }
        await db.SaveChangesAsync();
        // As posting does: the lesson's cached visitor page must show the new comment.
        await Services.GetRequiredService<PageCacheEviction>().LessonChangedAsync(comment.LessonId);
        return comment.Id;
    }

    public async Task<Comment> CommentAsync(long id)
    {
        await using var db = CreateDbContext();
        return await db.Set<Comment>().AsNoTracking().SingleAsync(c => c.Id == id);
    }

    public async Task<long> SeedParkedMailAsync(string to)
    {
        await using var db = CreateDbContext();
        var message = new OutboxMessage
        {
            DedupeKey = $"test:parked:{to}:{Guid.NewGuid():N}",
            MessageId = Guid.NewGuid().ToString("N") + "@localhost",
            To = to,
            Subject = "보류된 메일",
            Html = "<p>보류</p>",
            Text = "보류",
            Status = OutboxStatus.Parked,
            Attempts = 6,
            LastError = "SmtpCommandException: mailbox unavailable",
            DueAt = DateTimeOffset.UtcNow,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        db.Add(message);
        await db.SaveChangesAsync();
        return message.Id;
    }
}

public static class AdminRequests
{
    /// POSTs <paramref name="fields"/> to a page handler, with an antiforgery token for this
    /// client from GET /api/antiforgery unless <paramref name="withToken"/> is false.
    public static async Task<HttpResponseMessage> PostFormAsync(
        this HttpClient client, string url, IReadOnlyDictionary<string, string> fields, bool withToken = true)
    {
        var values = new Dictionary<string, string>(fields);
        if (withToken)
        {
            var token = await client.GetFromJsonAsync<TokenResponse>("/api/antiforgery");
            values["__RequestVerificationToken"] = token!.Token;
        }
        return await client.PostAsync(url, new FormUrlEncodedContent(values));
    }

    private sealed record TokenResponse(string Token);
}
