using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Compression;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Platform.Web.Features.Account;
using Platform.Web.Infrastructure.Caching;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Lessons;

public sealed class LessonPageCacheTests(LessonsFactory factory) : IClassFixture<LessonsFactory>
{
    [Fact]
    public async Task Visitors_share_a_cached_page_that_any_change_to_the_lesson_replaces()
    {
        using var visitor = factory.CreateClient();
        var first = await visitor.GetAsync("/courses/demo/third");
        Assert.False(first.Headers.Contains("Set-Cookie"), "An anonymous lesson page must set no cookie, or it could not be shared.");
        Assert.Contains("세 번째 걸음", await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await factory.CreateUserAsync("cache-reader@example.com");
        using var learner = await factory.SignedInClientAsync("cache-reader@example.com");
        Assert.Contains("세 번째 걸음", await learner.GetStringAsync("/courses/demo/third"), StringComparison.Ordinal);

        // Change the title behind the app's back: the database announces it, and both the page
        // cache and the read model the learner's page comes from drop their copies.
        await using (var db = factory.CreateDbContext())
        {
            await db.Lessons.Where(l => l.Slug == "third").ExecuteUpdateAsync(s => s.SetProperty(l => l.Title, "바뀐 제목"));
        }

        Assert.True(await Eventually.HoldsAsync(
            async () => (await visitor.GetDocumentAsync("/courses/demo/third")).QuerySelector("h1")!.TextContent,
            title => title == "바뀐 제목"), "The visitors' cached page kept the old title.");
        Assert.Equal("바뀐 제목", (await learner.GetDocumentAsync("/courses/demo/third")).QuerySelector("h1")!.TextContent);
        await using (var db = factory.CreateDbContext())
        {
            await db.Lessons.Where(l => l.Slug == "third").ExecuteUpdateAsync(s => s.SetProperty(l => l.Title, "세 번째 걸음"));
        }
    }

    [Fact]
    public async Task The_cache_answers_before_sign_in_is_read_but_never_to_a_request_with_a_sign_in_cookie()
    {
        using var visitor = factory.CreateClient();
        await visitor.GetAsync("/courses/demo/second");
        var cached = await visitor.GetAsync("/courses/demo/second");
        Assert.True(cached.Headers.Age is not null, "A visitor's second request should be answered from the page cache.");

        await factory.CreateUserAsync("cache-cookie@example.com", displayName: "쿠키학습자");
        using var learner = await factory.SignedInClientAsync("cache-cookie@example.com");
        var personal = await learner.GetAsync("/courses/demo/second");
        Assert.Null(personal.Headers.Age);
        Assert.Contains("쿠키학습자", await personal.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("쿠키학습자", await visitor.GetStringAsync("/courses/demo/second"), StringComparison.Ordinal);

        // A cookie the app cannot read (expired, forged, from another deployment) is not a way into
        // the shared copy either: the page is rendered for a visitor, and not stored.
        using var forged = new HttpRequestMessage(HttpMethod.Get, "/courses/demo/second");
        forged.Headers.Add("Cookie", ".AspNetCore.Identity.Application=not-a-real-ticket");
        var rendered = await factory.CreateClient().SendAsync(forged);
        Assert.Equal(System.Net.HttpStatusCode.OK, rendered.StatusCode);
        Assert.Null(rendered.Headers.Age);
        Assert.DoesNotContain("쿠키학습자", await rendered.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_kept_copy_answers_before_routing_with_the_headers_and_checks_its_first_answer_had()
    {
        using var visitor = factory.CreateClient();
        var first = await visitor.GetAsync("/courses/demo/intro");
        var kept = await visitor.GetAsync("/courses/demo/intro");
        Assert.True(kept.Headers.Age is not null, "The second request should be answered from the kept copy.");
        Assert.Equal(await first.Content.ReadAsByteArrayAsync(), await kept.Content.ReadAsByteArrayAsync());
        foreach (var name in new[] { "Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy" })
        {
            Assert.Equal(first.Headers.GetValues(name), kept.Headers.GetValues(name));
        }
        Assert.Equal("text/html; charset=utf-8", kept.Content.Headers.ContentType?.ToString());

        // The text policy runs after routing, but a copy is not a way around it: the headers it
        // checks and the key leaves out are checked before a copy is served.
        using var hostile = new HttpRequestMessage(HttpMethod.Get, "/courses/demo/intro");
        hostile.Headers.TryAddWithoutValidation("User-Agent", "Mozilla/5.0 \u202Egnp.exe");
        var refused = await visitor.SendAsync(hostile);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Null(refused.Headers.Age);

        // Neither does a HEAD, a request with credentials of its own, or an address with a query the page does not read.
        Assert.Null((await visitor.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/courses/demo/intro"))).Headers.Age);
        using var withAuthorization = new HttpRequestMessage(HttpMethod.Get, "/courses/demo/intro");
        withAuthorization.Headers.TryAddWithoutValidation("Authorization", "Bearer anything");
        Assert.Null((await visitor.SendAsync(withAuthorization)).Headers.Age);
        await visitor.GetAsync("/courses/demo/intro?utm=1");
        Assert.Null((await visitor.GetAsync("/courses/demo/intro?utm=1")).Headers.Age);
    }

    [Fact]
    public void A_copy_is_kept_per_language_scheme_host_address_and_for_a_learner_per_cookie_header()
    {
        var keys = factory.Services.GetRequiredService<PageCopyKeys>();
        string? KeyOf(string method, string scheme, string path, string? cookie = null, string? authorization = null)
        {
            var request = new DefaultHttpContext().Request;
            (request.Method, request.Scheme, request.Host, request.Path) = (method, scheme, new HostString("learn.example"), path);
            if (cookie is not null)
            {
                request.Headers.Cookie = cookie;
            }
            if (authorization is not null)
            {
                request.Headers.Authorization = authorization;
            }
            return keys.For(request, out _);
        }

        var visitor = KeyOf("GET", "https", "/courses/demo/intro");
        Assert.NotNull(visitor);
        // An answer over https carries HSTS, which a copy keeps: it is never served over http.
        Assert.NotEqual(visitor, KeyOf("GET", "http", "/courses/demo/intro"));
        Assert.NotEqual(visitor, KeyOf("GET", "https", "/courses/demo/second"));
        Assert.Equal(visitor, KeyOf("GET", "https", "/courses/demo/intro", cookie: "theme=dark"));
        var learner = KeyOf("GET", "https", "/courses/demo/intro", cookie: ".AspNetCore.Identity.Application=ticket-a");
        Assert.NotEqual(visitor, learner);
        Assert.NotEqual(learner, KeyOf("GET", "https", "/courses/demo/intro", cookie: ".AspNetCore.Identity.Application=ticket-b"));
        Assert.Null(KeyOf("POST", "https", "/courses/demo/intro"));
        Assert.Null(KeyOf("HEAD", "https", "/courses/demo/intro"));
        Assert.Null(KeyOf("GET", "https", "/courses/demo/intro", authorization: "Bearer x"));

        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo("en");
            Assert.NotEqual(visitor, KeyOf("GET", "https", "/courses/demo/intro"));
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    [Fact]
    public void A_hit_finds_its_copy_by_the_key_in_a_buffer_as_kept_under_the_string_key()
    {
        var keys = factory.Services.GetRequiredService<PageCopyKeys>();
        var clock = TimeProvider.System;
        var options = Options.Create(new LearnerStateOptions { PageCacheBytes = 1024 * 1024 });
        var pages = new PageCopies(options, new LearnerStates(options, clock), clock);
        HttpRequest RequestOf(string path, string query = "", params string[] cookies)
        {
            var request = new DefaultHttpContext().Request;
            (request.Method, request.Scheme, request.Host, request.Path) = ("GET", "https", new HostString("learn.example"), path);
            request.QueryString = new QueryString(query);
            if (cookies.Length > 0)
            {
                request.Headers.Cookie = cookies;
            }
            return request;
        }
        // A learner's key holds their cookies: longer than what is written on the stack.
        var ticket = ".AspNetCore.Identity.Application=" + new string('t', 1500);
        var kept = new (HttpRequest Request, bool Learner)[]
        {
            (RequestOf("/courses/demo/intro"), false),
            (RequestOf("/courses/demo/intro", "?comments=2"), false),
            (RequestOf("/courses/demo/intro", "", "theme=dark"), false),
            (RequestOf("/courses/demo/intro", "", ticket), true),
            (RequestOf("/courses/demo/intro", "", "a=1", ticket), true),
            // A value that only mentions the name is a learner's request too: never the visitors' copy.
            (RequestOf("/courses/demo/other", "", "note=.AspNetCore.Identity.Application"), true),
        };
        foreach (var (request, learner) in kept)
        {
            var key = keys.For(request, out var isLearner)!;
            Assert.Equal(learner, isLearner);
            var page = new PageCopies.Page(null, 0, pages.Sequence, null, clock.GetUtcNow(), clock.GetUtcNow().AddMinutes(1), [], [1, 2, 3]);
            pages.Keep(key, page);
            Assert.True(keys.TryFind(request, pages, out var found, out isLearner), key);
            Assert.Same(page, found);
            Assert.Equal(learner, isLearner);
        }
        Assert.False(keys.TryFind(RequestOf("/courses/demo/intro", "", ticket + "x"), pages, out _, out _));
        Assert.False(keys.TryFind(RequestOf("/courses/demo/intro", "?comments=3"), pages, out _, out _));
        var post = RequestOf("/courses/demo/intro");
        post.Method = "POST";
        Assert.False(keys.TryFind(post, pages, out _, out _));
    }

    [Fact]
    public async Task A_visitor_whose_browser_takes_gzip_gets_the_kept_page_compressed_and_a_learner_never_does()
    {
        using var visitor = factory.CreateClient();
        var plain = await (await visitor.GetAsync("/courses/demo/third")).Content.ReadAsByteArrayAsync();
        using var ask = new HttpRequestMessage(HttpMethod.Get, "/courses/demo/third");
        ask.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip, deflate, br, zstd");
        var compressed = await visitor.SendAsync(ask);
        Assert.True(compressed.Headers.Age is not null, "The page should come from its kept copy.");
        Assert.Equal(["gzip"], compressed.Content.Headers.ContentEncoding);
        Assert.Contains("Accept-Encoding", compressed.Headers.Vary);
        var gzip = await compressed.Content.ReadAsByteArrayAsync();
        Assert.Equal(gzip.Length, compressed.Content.Headers.ContentLength);
        Assert.True(gzip.Length * 3 < plain.Length, $"{gzip.Length} bytes compressed from {plain.Length}.");
        using (var unzip = new GZipStream(new MemoryStream(gzip), CompressionMode.Decompress))
        using (var inflated = new MemoryStream())
        {
            await unzip.CopyToAsync(inflated);
            Assert.Equal(plain, inflated.ToArray());
        }

        // Without gzip in what the browser takes, the page as it is; the answer says it varies.
        foreach (var accept in new[] { "", "identity", "br", "gzip;q=0", "gzip;q=0.000, *", "*;q=0" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/courses/demo/third");
            request.Headers.TryAddWithoutValidation("Accept-Encoding", accept);
            var response = await visitor.SendAsync(request);
            Assert.Empty(response.Content.Headers.ContentEncoding);
            Assert.Contains("Accept-Encoding", response.Headers.Vary);
            Assert.Equal(plain, await response.Content.ReadAsByteArrayAsync());
        }

        // A learner's page carries antiforgery tokens: it is never compressed beside text others wrote (BREACH).
        await factory.CreateUserAsync("cache-gzip@example.com");
        using var learner = await factory.SignedInClientAsync("cache-gzip@example.com");
        learner.DefaultRequestHeaders.TryAddWithoutValidation("Accept-Encoding", "gzip");
        await learner.GetAsync("/courses/demo/third");
        var personal = await learner.GetAsync("/courses/demo/third");
        Assert.Empty(personal.Content.Headers.ContentEncoding);
        Assert.Contains("__RequestVerificationToken", await personal.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gzip", true)]
    [InlineData("GZIP;q=0.5", true)]
    [InlineData("deflate, gzip;q=1.0, br", true)]
    [InlineData("x-gzip", true)]
    [InlineData("*", true)]
    [InlineData("br;q=1, *;q=0.1", true)]
    [InlineData(" gzip ; q = 0.2 ", true)]
    [InlineData("gzip;q=nonsense", true)]
    [InlineData("", false)]
    [InlineData("identity", false)]
    [InlineData("br, deflate", false)]
    [InlineData("gzip;q=0", false)]
    [InlineData("gzip;q=0.000", false)]
    [InlineData("gzip;q=0, *", false)]
    [InlineData("*;q=0", false)]
    [InlineData("gzipped, agzip", false)]
    [InlineData(",,;;,", false)]
    public void Accept_Encoding_is_read_as_the_standard_says(string header, bool takesGzip) =>
        Assert.Equal(takesGzip, AcceptEncoding.TakesGzip(header));

    [Fact]
    public async Task Requests_for_a_page_being_rendered_wait_for_that_render_and_are_served_its_copy()
    {
        var keys = factory.Services.GetRequiredService<PageCopyKeys>();
        var clock = TimeProvider.System;
        var options = Options.Create(new LearnerStateOptions { PageCacheBytes = 1024 * 1024 });
        var pages = new PageCopies(options, new LearnerStates(options, clock), clock);
        var renders = new ConcurrentDictionary<string, int>();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var body = "<p>한 번 그린 쪽</p>"u8.ToArray();
        var middleware = new PageCopyMiddleware(async context =>
        {
            renders.AddOrUpdate(context.Request.Path.Value!, 1, (_, n) => n + 1);
            started.TrySetResult();
            await gate.Task;
            if (context.Request.Path.Value!.EndsWith("cookie", StringComparison.Ordinal))
            {
                context.Response.Headers.SetCookie = "note=1";
            }
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.Body.WriteAsync(body);
        }, pages, keys, clock);
        static DefaultHttpContext RequestFor(string path)
        {
            var context = new DefaultHttpContext();
            (context.Request.Method, context.Request.Scheme, context.Request.Host, context.Request.Path) = ("GET", "https", new HostString("learn.example"), path);
            context.Response.Body = new MemoryStream();
            context.SetEndpoint(new Endpoint(_ => Task.CompletedTask,
                new EndpointMetadataCollection(new OutputCacheAttribute { PolicyName = PageCache.LessonPolicy }), "lesson"));
            return context;
        }
        static byte[] Sent(HttpContext context) => ((MemoryStream)context.Response.Body).ToArray();

        // One render in flight; four more requests for the page arrive meanwhile and wait for it.
        var first = RequestFor("/courses/demo/held");
        var rendering = middleware.InvokeAsync(first);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var waiting = Enumerable.Range(0, 4).Select(_ => RequestFor("/courses/demo/held")).ToList();
        var answers = waiting.Select(middleware.InvokeAsync).ToList();
        await Task.Delay(TimeSpan.FromMilliseconds(100));
        Assert.All(answers, answer => Assert.False(answer.IsCompleted, "A request answered before the render it waits for ended."));
        gate.SetResult();
        await Task.WhenAll(answers.Append(rendering)).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, renders["/courses/demo/held"]);
        Assert.All(waiting.Prepend(first), context =>
        {
            Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
            Assert.Equal(body, Sent(context));
        });
        Assert.Equal("text/html; charset=utf-8", waiting[0].Response.ContentType);

        // A render whose page is not kept (it sets a cookie) leaves each request waiting for it
        // to render its own; and the turn ends with it, so the next request renders again.
        gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var setsCookie = middleware.InvokeAsync(RequestFor("/courses/demo/cookie"));
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var others = Enumerable.Range(0, 3).Select(_ => RequestFor("/courses/demo/cookie")).ToList();
        var theirs = others.Select(middleware.InvokeAsync).ToList();
        gate.SetResult();
        await Task.WhenAll(theirs.Append(setsCookie)).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(4, renders["/courses/demo/cookie"]);
        Assert.All(others, context => Assert.Equal(body, Sent(context)));
        await middleware.InvokeAsync(RequestFor("/courses/demo/cookie"));
        Assert.Equal(5, renders["/courses/demo/cookie"]);
        // The kept page answers from its copy from now on: no render.
        await middleware.InvokeAsync(RequestFor("/courses/demo/held"));
        Assert.True(keys.TryFind(RequestFor("/courses/demo/held").Request, pages, out _, out _));
    }

    [Fact]
    public async Task A_render_turn_is_one_requests_at_a_time_and_hands_its_copy_to_those_waiting()
    {
        var clock = TimeProvider.System;
        var options = Options.Create(new LearnerStateOptions { PageCacheBytes = 1024 * 1024 });
        var pages = new PageCopies(options, new LearnerStates(options, clock), clock);
        Assert.True(pages.TryStartRender("k", out _));
        Assert.False(pages.TryStartRender("k", out var waiting));
        Assert.True(pages.TryStartRender("other", out _));
        Assert.False(waiting.IsCompleted);
        var page = new PageCopies.Page(null, 0, pages.Sequence, null, clock.GetUtcNow(), clock.GetUtcNow().AddMinutes(1), [], [1, 2, 3]);
        pages.EndRender("k", page);
        Assert.Same(page, await waiting.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.True(pages.IsCurrent(page));
        // The next miss takes a new turn; an ended turn with nothing kept hands on null.
        Assert.True(pages.TryStartRender("k", out _));
        Assert.False(pages.TryStartRender("k", out var next));
        pages.EndRender("k", null);
        Assert.Null(await next.WaitAsync(TimeSpan.FromSeconds(5)));
        // A copy made before a change may not be handed on.
        pages.Apply(ReadModelChange.Catalog);
        Assert.False(pages.IsCurrent(page));
    }
}
