using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Tests.Infrastructure;
using Platform.Tests.Lessons;
using Platform.Web.Features.Comments;
using Platform.Web.Features.Feedback;
using Platform.Web.Features.Progress;
using Platform.Web.Features.Reports;
using Platform.Web.Infrastructure.Data;

namespace Platform.Tests.Authoring;

public sealed class LessonHealthTests(LessonHealthTests.Factory factory) : IClassFixture<LessonHealthTests.Factory>
{
    public sealed class Factory : AuthoringFactory
    {
        public CommandCounter Commands { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
                services.ConfigureDbContext<PlatformDbContext>(options => options.AddInterceptors(Commands)));
        }
    }

    [Fact]
    public async Task Health_shows_every_signal_per_lesson_in_course_order_flags_problems_and_costs_the_same_queries_for_more_learners()
    {
        await factory.CreateUserAsync("health-admin@example.com", admin: true);
        using var admin = await factory.SignedInClientAsync("health-admin@example.com");
        await SeedLearnersAsync(1, 4, doneSecond: 1);
        await SeedSignalsAsync();

        await admin.GetDocumentAsync("/admin/lessons/health");
        factory.Commands.Reset();
        var page = await admin.GetDocumentAsync("/admin/lessons/health");
        var few = factory.Commands.Count;

        var rows = page.QuerySelectorAll("#lesson-health tbody tr");
        Assert.Equal(["demo/intro", "demo/second", "demo/third"], rows.Select(r => r.GetAttribute("data-lesson")));
        string Figure(int row, string name) => rows[row].QuerySelector($"[data-figure={name}]")!.TextContent.Trim();
        Assert.Equal(("4", "—"), (Figure(0, "completions"), Figure(0, "dropoff")));
        Assert.Equal(("1", "75%"), (Figure(1, "completions"), Figure(1, "dropoff")));
        Assert.Equal("1 · 3", Figure(1, "votes"));
        Assert.Contains("예제가 부족해요 2", Figure(1, "notes"), StringComparison.Ordinal);
        Assert.Equal("오타 1", Figure(0, "reports"));
        Assert.Equal("1", Figure(0, "comments"));
        Assert.StartsWith("1", Figure(0, "revision"), StringComparison.Ordinal);
        Assert.Contains("열린 신고 1건", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("도움이 안 됐다는 표가 더 많아요", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("이탈 75%", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Equal(["health-problem", "health-problem", "health-problem"], rows.Select(r => r.ClassName));

        await SeedLearnersAsync(5, 40, doneSecond: 20);
        factory.Commands.Reset();
        var more = await admin.GetDocumentAsync("/admin/lessons/health?sort=completions");
        Assert.Equal(few, factory.Commands.Count);
        Assert.Equal("44", more.QuerySelector("#lesson-health tbody tr [data-figure=completions]")!.TextContent.Trim());

        var sorted = await admin.GetDocumentAsync("/admin/lessons/health?sort=dropoff");
        Assert.Equal("demo/third", sorted.QuerySelector("#lesson-health tbody tr")!.GetAttribute("data-lesson"));

        var intro = await factory.LessonIdAsync("intro");
        var single = await admin.GetDocumentAsync($"/admin/lessons/{intro}/revisions/1");
        Assert.Equal("44", single.QuerySelector("#lesson-health [data-figure=completions]")!.TextContent.Trim());
    }

    private async Task SeedLearnersAsync(int from, int count, int doneSecond)
    {
        var ids = new List<string>();
        for (var i = from; i < from + count; i++)
        {
            ids.Add((await factory.CreateUserAsync($"health-{i}@example.com")).Id);
        }
        await using var db = factory.CreateDbContext();
        var intro = await factory.LessonIdAsync("intro");
        var second = await factory.LessonIdAsync("second");
        foreach (var (id, index) in ids.Select((id, index) => (id, index)))
        {
            db.Add(new LessonCompletion { UserId = id, LessonId = intro, CompletedAt = DateTimeOffset.UtcNow });
            if (index < doneSecond)
            {
                db.Add(new LessonCompletion { UserId = id, LessonId = second, CompletedAt = DateTimeOffset.UtcNow });
            }
        }
        await db.SaveChangesAsync();
    }

    private async Task SeedSignalsAsync()
    {
        await using var db = factory.CreateDbContext();
        var intro = await factory.LessonIdAsync("intro");
        var second = await factory.LessonIdAsync("second");
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < 4; i++)
        {
            db.Add(new HelpfulVote
            {
                LessonId = second, RevisionNumber = 1, VoterKey = $"visitor:{i}", Helpful = i == 0,
                Note = i == 0 ? null : $"예제가 부족해요 {i}", CreatedAt = now.AddMinutes(i), UpdatedAt = now.AddMinutes(i),
            });
        }
        db.Add(new ProblemReport { LessonId = intro, PageUrl = "/courses/demo/intro", Category = ReportCategory.Typo, Description = "오타가 있어요 여기", CreatedAt = now, UpdatedAt = now });
        db.Add(new ProblemReport { LessonId = intro, PageUrl = "/courses/demo/intro", Category = ReportCategory.CodeBroken, Description = "고쳐진 신고예요 이미", Status = ReportStatus.Fixed, CreatedAt = now, UpdatedAt = now });
        var author = await db.Users.Where(u => u.Email == "health-1@example.com").Select(u => u.Id).SingleAsync();
        db.Add(new Comment { LessonId = intro, AuthorId = author, BodyMarkdown = "좋아요", BodyHtml = "<p>좋아요</p>", CreatedAt = now });
        db.Add(new Comment { LessonId = intro, AuthorId = author, BodyMarkdown = "옛날", BodyHtml = "<p>옛날</p>", CreatedAt = now.AddDays(-40) });
        await db.SaveChangesAsync();
    }
}
