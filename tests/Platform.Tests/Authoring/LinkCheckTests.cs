using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Platform.Tests.Infrastructure;
using Platform.Tests.Lessons;
using Platform.Web.Features.Lessons.Links;

namespace Platform.Tests.Authoring;

public sealed class LinkCheckTests(LinkCheckTests.Factory factory) : IClassFixture<LinkCheckTests.Factory>
{
    /// A web site on loopback in the test process that answers each way a linked site can.
    public sealed class LinkedSite : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private LinkedSite(WebApplication app) => _app = app;

        public ConcurrentQueue<string> Requests { get; } = new();

        public string BaseUrl { get; private set; } = "";

        public int Count(string method, string path) => Requests.Count(r => r == $"{method} {path}");

        public static async Task<LinkedSite> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var site = new LinkedSite(app);
            app.Use(async (context, next) =>
            {
                site.Requests.Enqueue($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}");
                await next(context);
            });
            app.MapMethods("/ok", ["GET", "HEAD"], () => Results.Ok());
            app.MapMethods("/missing", ["GET", "HEAD"], () => Results.NotFound());
            app.MapMethods("/error", ["GET", "HEAD"], () => Results.StatusCode(500));
            app.MapMethods("/slow", ["GET", "HEAD"], async (HttpContext context) =>
            {
                await Task.Delay(TimeSpan.FromMinutes(1), context.RequestAborted);
                return Results.Ok();
            });
            app.MapMethods("/loop/a", ["GET", "HEAD"], () => Results.Redirect("/loop/b"));
            app.MapMethods("/loop/b", ["GET", "HEAD"], () => Results.Redirect("/loop/a"));
            app.MapMethods("/moved", ["GET", "HEAD"], () => Results.Redirect("/ok", permanent: true));
            app.MapMethods("/chain/{n:int}", ["GET", "HEAD"], (int n) => Results.Redirect($"/chain/{n + 1}"));
            app.MapGet("/no-head", () => Results.Ok());
            app.MapMethods("/no-head", ["HEAD"], () => Results.StatusCode(405));
            await app.StartAsync();
            site.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return site;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    public sealed class Factory : PlatformFactory
    {
        public ContentFolder Content { get; } = new();

        public LinkedSite Site { get; private set; } = null!;

        public override async Task InitializeAsync()
        {
            Site = await LinkedSite.StartAsync();
            var site = Site.BaseUrl;
            Content.Course("links", "링크 강좌", ("basics", "기초"));
            Content.Lesson("links", "basics", "broken", 1, title: "깨진 링크", body: $"""
                ## 읽을거리

                [잘 되는 문서]({site}/ok#part), [옮겨진 문서]({site}/moved), <{site}/no-head>

                ::: links
                - [없는 문서]({site}/missing)
                - [서버 오류]({site}/error)
                - [느린 서버]({site}/slow)
                - [리디렉션 반복]({site}/loop/a)
                - [끝없는 리디렉션]({site}/chain/1)
                :::

                ```text
                {site}/in-code-is-not-a-link
                ```

                ::: exercise
                링크를 눌러 봐.
                :::
                """);
            Content.Lesson("links", "basics", "fine", 2, title: "멀쩡한 링크", body: $"""
                ## 읽을거리

                같은 [문서]({site}/ok)를 또 가리켜.

                ::: links
                - [다른 문서]({site}/ok?fine=1)
                :::

                ::: exercise
                링크를 눌러 봐.
                :::
                """);
            await base.InitializeAsync();
            _ = Services;
        }

        protected override IEnumerable<(string Key, string Value)> Settings() =>
        [
            ("Platform:ImportContentOnStart", "true"),
            ("Platform:ContentPath", Content.Root),
            ("LinkCheck:Timeout", "00:00:01"),
            ("LinkCheck:PerHostDelay", "00:00:00.010"),
        ];

        public Task<LinkCheckRound?> RunCheckAsync() =>
            WithScopeAsync(sp => sp.GetRequiredService<ExternalLinkCheck>().RunAsync(CancellationToken.None));

        public async Task<int> LessonIdAsync(string slug)
        {
            await using var db = CreateDbContext();
            return await db.Lessons.Where(l => l.Course.Slug == "links" && l.Slug == slug).Select(l => l.Id).SingleAsync();
        }

        protected override async ValueTask OnDisposedAsync()
        {
            await Site.DisposeAsync();
            Content.Dispose();
        }
    }

    [Fact]
    public async Task The_check_stores_each_answer_once_a_day_flags_the_lesson_and_an_admin_can_ask_again()
    {
        var site = factory.Site.BaseUrl;
        await using (var db = factory.CreateDbContext())
        {
            await db.Set<ExternalLink>().ExecuteDeleteAsync();
        }
        factory.Site.Requests.Clear();

        var round = await factory.RunCheckAsync();

        Assert.Equal(new LinkCheckRound(9, 9, 5), round);
        await using (var db = factory.CreateDbContext())
        {
            var links = await db.Set<ExternalLink>().AsNoTracking().ToDictionaryAsync(l => l.Url[site.Length..]);
            Assert.Equal(["/chain/1", "/error", "/loop/a", "/missing", "/moved", "/no-head", "/ok", "/ok?fine=1", "/slow"], links.Keys.Order(StringComparer.Ordinal));
            Assert.Equal((LinkOutcome.Ok, 200), (links["/ok"].Outcome, links["/ok"].StatusCode));
            Assert.Equal((LinkOutcome.Ok, 200), (links["/moved"].Outcome, links["/moved"].StatusCode));
            Assert.Equal((LinkOutcome.Ok, 200), (links["/no-head"].Outcome, links["/no-head"].StatusCode));
            Assert.Equal((LinkOutcome.Broken, 404), (links["/missing"].Outcome, links["/missing"].StatusCode));
            Assert.Equal((LinkOutcome.Broken, 500), (links["/error"].Outcome, links["/error"].StatusCode));
            Assert.Equal((LinkOutcome.Timeout, (int?)null), (links["/slow"].Outcome, links["/slow"].StatusCode));
            Assert.Equal(LinkOutcome.TooManyRedirects, links["/loop/a"].Outcome);
            Assert.Contains("loop", links["/loop/a"].Detail, StringComparison.Ordinal);
            Assert.Equal(LinkOutcome.TooManyRedirects, links["/chain/1"].Outcome);
            Assert.Contains("more than 5 redirects", links["/chain/1"].Detail, StringComparison.Ordinal);
            Assert.All(links.Values, l => Assert.NotNull(l.CheckedAt));
            Assert.All(links.Values, l => Assert.Equal(l.CheckedAt!.Value.AddDays(1), l.NextCheckAt));
            // Two lessons link to /ok: one row, linked to both.
            Assert.Equal(2, await db.Set<LessonExternalLink>().CountAsync(le => le.LinkId == links["/ok"].Id));
        }
        // HEAD first; GET only where HEAD was refused; the redirect chain stopped at the cap (1 + 5 hops).
        Assert.Equal((2, 0), (factory.Site.Count("HEAD", "/ok"), factory.Site.Count("GET", "/ok")));
        Assert.Equal((1, 1), (factory.Site.Count("HEAD", "/no-head"), factory.Site.Count("GET", "/no-head")));
        Assert.Equal((1, 1), (factory.Site.Count("HEAD", "/missing"), factory.Site.Count("GET", "/missing")));
        Assert.Equal(0, factory.Site.Count("HEAD", "/chain/7"));
        Assert.Equal(0, factory.Site.Count("HEAD", "/in-code-is-not-a-link"));

        var requests = factory.Site.Requests.Count;
        Assert.Equal(new LinkCheckRound(9, 0, 0), await factory.RunCheckAsync());
        Assert.Equal(requests, factory.Site.Requests.Count);

        await factory.CreateUserAsync("links-admin@example.com", admin: true);
        using var admin = await factory.SignedInClientAsync("links-admin@example.com");
        using (var roundTrips = new DatabaseRoundTrips())
        {
            var (response, statements) = await roundTrips.GetAsync(admin, "/admin/lessons/health?sort=links");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            // Failed links come in the same statement as every other figure.
            Assert.Single(statements, s => s.Contains("external_links", StringComparison.Ordinal));
            Assert.Single(statements, s => s.Contains("external_links", StringComparison.Ordinal) && s.Contains("lesson_completions", StringComparison.Ordinal));
            var page = await response.ParseAsync();
            var rows = page.QuerySelectorAll("#lesson-health tbody tr");
            Assert.Equal(["links/broken", "links/fine"], rows.Select(r => r.GetAttribute("data-lesson")));
            Assert.Equal("health-problem", rows[0].ClassName);
            Assert.Contains("외부 링크 5개가 마지막 확인에서 실패했어요", rows[0].TextContent, StringComparison.Ordinal);
            var failed = rows[0].QuerySelector("[data-figure=links]")!;
            Assert.Equal(
                [$"{site}/chain/1", $"{site}/error", $"{site}/loop/a", $"{site}/missing", $"{site}/slow"],
                failed.QuerySelectorAll("a").Select(a => a.GetAttribute("href")));
            Assert.Contains("오류 응답 404", failed.TextContent, StringComparison.Ordinal);
            Assert.Contains("시간 초과", failed.TextContent, StringComparison.Ordinal);
            Assert.Contains("리디렉션 반복", failed.TextContent, StringComparison.Ordinal);
            Assert.False(rows[1].ClassList.Contains("health-problem"));
            Assert.Equal("0", rows[1].QuerySelector("[data-figure=links]")!.TextContent.Trim());
        }

        var broken = await factory.LessonIdAsync("broken");
        var lessonPage = $"/admin/lessons/{broken}/revisions/1";
        var before = await admin.GetDocumentAsync(lessonPage);
        Assert.Equal(8, before.QuerySelectorAll("#lesson-links tbody tr").Length);
        Assert.Contains("외부 링크 5개가", before.QuerySelector("#lesson-health")!.TextContent, StringComparison.Ordinal);

        var noToken = await admin.PostAsync(lessonPage + "?handler=RecheckLinks", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        var recheck = await admin.SubmitFormAsync(lessonPage, "form[action*=RecheckLinks]", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, recheck.StatusCode);
        var after = await admin.GetDocumentAsync(recheck.Headers.Location!.OriginalString);
        Assert.Contains("외부 링크 8개를 곧 다시 확인해요", after.Body!.TextContent, StringComparison.Ordinal);

        // Only the re-checked lesson's addresses were due: the other lesson's own address waits for its day.
        Assert.Equal(new LinkCheckRound(9, 8, 5), await factory.RunCheckAsync());
        Assert.Equal((2, 2), (factory.Site.Count("HEAD", "/missing"), factory.Site.Count("HEAD", "/moved")));
        Assert.Equal(1, factory.Site.Count("HEAD", "/ok?fine=1"));

        var other = await admin.PostAsync($"/admin/lessons/999999/revisions/1?handler=RecheckLinks",
            new FormUrlEncodedContent([new("__RequestVerificationToken", after.AntiforgeryToken())]));
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }

    [Fact]
    public async Task A_round_is_skipped_while_another_instance_holds_the_lock()
    {
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(1279872587, 0)", connection))
        {
            await take.ExecuteNonQueryAsync();
        }
        var requests = factory.Site.Requests.Count;

        Assert.Null(await factory.RunCheckAsync());
        Assert.Equal(requests, factory.Site.Requests.Count);

        await using (var release = new NpgsqlCommand("SELECT pg_advisory_unlock(1279872587, 0)", connection))
        {
            await release.ExecuteNonQueryAsync();
        }
        Assert.NotNull(await factory.RunCheckAsync());
    }
}
