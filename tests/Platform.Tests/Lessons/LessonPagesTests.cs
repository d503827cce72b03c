using System.Net;
using System.Xml.Linq;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Lessons;

public sealed class LessonPagesTests(LessonsFactory factory) : IClassFixture<LessonsFactory>
{
    [Fact]
    public async Task Lesson_page_shows_its_position_in_the_module_minutes_tags_and_neighbours()
    {
        using var client = factory.CreateClient();
        var page = await client.GetDocumentAsync("/courses/demo/second");

        Assert.Equal("레슨 02 / 03 · 공개됨", Squash(page.QuerySelector(".lesson-position")!.TextContent));
        Assert.Equal("두 번째 걸음", page.QuerySelector("h1")!.TextContent);
        Assert.Equal("약 18분 · beta, chat-template", Squash(page.QuerySelector(".lesson-meta")!.TextContent));
        Assert.Equal(["/tags/beta", "/tags/chat-template"], page.QuerySelectorAll(".lesson-meta a").Select(a => a.GetAttribute("href")));
        Assert.Contains("데모 강좌", page.QuerySelector(".breadcrumb")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("/courses/demo/intro", page.QuerySelector(".lesson-pager a[rel=prev]")!.GetAttribute("href"));
        Assert.Equal("/courses/demo/third", page.QuerySelector(".lesson-pager a[rel=next]")!.GetAttribute("href"));
    }

    [Fact]
    public async Task The_last_lesson_of_a_module_leads_to_the_next_module_skipping_drafts()
    {
        using var client = factory.CreateClient();
        var page = await client.GetDocumentAsync("/courses/demo/third");

        Assert.Equal("레슨 03 / 03 · 공개됨", Squash(page.QuerySelector(".lesson-position")!.TextContent));
        Assert.Equal("/courses/demo/long-one", page.QuerySelector(".lesson-pager a[rel=next]")!.GetAttribute("href"));
        var first = await client.GetDocumentAsync("/courses/demo/intro");
        Assert.Null(first.QuerySelector(".lesson-pager a[rel=prev]"));
    }

    [Fact]
    public async Task Lesson_page_serves_the_rendered_body_sections_and_placeholders_without_a_form()
    {
        using var client = factory.CreateClient();
        var response = await client.GetAsync("/courses/demo/second");
        var page = await response.ParseAsync();

        Assert.Equal("예제 코드 · python", Squash(page.QuerySelector(".lesson-body figure.code-block figcaption")!.TextContent.Replace("복사", "", StringComparison.Ordinal)));
        Assert.NotNull(page.QuerySelector(".toc a[href='#들어가며']"));
        var link = page.QuerySelector("#external-links a[href='https://example.org/docs/second']")!;
        Assert.Equal(("_blank", "noopener"), (link.GetAttribute("target"), link.GetAttribute("rel")));
        Assert.Contains("second 연습 문제를 풀어 봐.", page.QuerySelector("#exercise")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(
            "레벨 0 관찰자 0 XP 레슨 0/5 업적 0/12 다음 레벨까지 0/120 XP 120 XP 남음 0% 완료 연속 학습 0일 · 최장 0일",
            Squash(page.QuerySelector("#progress-standing")!.TextContent));
        Assert.Contains("진행 상황은 이 브라우저에만 저장돼요 — 로그인하면 여러 기기에서 이어져요.", page.QuerySelector("#progress-box")!.TextContent, StringComparison.Ordinal);
        var report = page.QuerySelector(".report-line a")!;
        Assert.Equal(("문제 신고", "/report?lesson=demo/second&revision=1"), (report.TextContent, report.GetAttribute("href")));
        var comments = Squash(page.QuerySelector("#comments")!.TextContent);
        Assert.Contains("댓글 0", comments, StringComparison.Ordinal);
        Assert.Contains("답글 알림 (로그인 필요)", comments, StringComparison.Ordinal);
        Assert.Contains("로그인 — 댓글을 남기려면 로그인해 주세요.", comments, StringComparison.Ordinal);
        Assert.Contains("아직 댓글이 없어요. 첫 댓글을 남겨보세요.", comments, StringComparison.Ordinal);
        Assert.Equal("/Identity/Account/Login?returnUrl=%2Fcourses%2Fdemo%2Fsecond%23comments", page.QuerySelector("#comments a")!.GetAttribute("href"));
        // Anonymous lesson pages will be cached whole: no antiforgery token, no cookie. The footer's
        // language switch posts without a token (a same-origin post).
        Assert.Empty(page.QuerySelectorAll("form:not([method=get]):not(#language-switch)"));
        Assert.Empty(page.QuerySelectorAll("input[name=__RequestVerificationToken]"));
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Lesson_page_has_title_description_canonical_url_and_open_graph_tags()
    {
        using var client = factory.CreateClient();
        var page = await client.GetDocumentAsync("/courses/demo/second");

        Assert.Equal("두 번째 걸음 · 데모 강좌 · C.W.K. Stream", page.Title);
        Assert.Equal("두 번째 걸음 요약이야.", page.QuerySelector("meta[name=description]")!.GetAttribute("content"));
        Assert.Equal("http://localhost:5080/courses/demo/second", page.QuerySelector("link[rel=canonical]")!.GetAttribute("href"));
        Assert.Equal("http://localhost:5080/courses/demo/second", page.QuerySelector("meta[property='og:url']")!.GetAttribute("content"));
        Assert.Equal("article", page.QuerySelector("meta[property='og:type']")!.GetAttribute("content"));
        Assert.Equal("두 번째 걸음 · 데모 강좌", page.QuerySelector("meta[property='og:title']")!.GetAttribute("content"));
    }

    [Fact]
    public async Task A_draft_is_404_for_a_visitor_and_hidden_from_lists()
    {
        using var client = factory.CreateClient();

        var draft = await client.GetDocumentAsync("/courses/demo/secret", HttpStatusCode.NotFound);
        Assert.Contains("페이지를 찾을 수 없어요", draft.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        var course = await client.GetDocumentAsync("/courses/demo");
        Assert.Null(course.QuerySelector("a[href='/courses/demo/secret']"));
        var tag = await client.GetDocumentAsync("/tags/beta");
        Assert.Null(tag.QuerySelector("a[href='/courses/demo/secret']"));
    }

    [Fact]
    public async Task An_admin_sees_a_draft_with_its_draft_mark()
    {
        await factory.CreateUserAsync("editor@example.com", admin: true);
        using var client = await factory.SignedInClientAsync("editor@example.com");

        var page = await client.GetDocumentAsync("/courses/demo/secret");

        Assert.Equal("준비 중인 레슨", page.QuerySelector("h1")!.TextContent);
        Assert.Equal("레슨 04 / 04 · 초안", Squash(page.QuerySelector(".lesson-position")!.TextContent));
        Assert.Equal("초안", page.QuerySelector(".lesson-position .badge.draft")!.TextContent);
    }

    [Fact]
    public async Task A_signed_in_learner_who_is_not_an_admin_gets_404_for_a_draft()
    {
        await factory.CreateUserAsync("learner@example.com");
        using var client = await factory.SignedInClientAsync("learner@example.com");

        await client.GetDocumentAsync("/courses/demo/secret", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_tag_page_lists_the_published_lessons_with_that_tag_across_courses()
    {
        using var client = factory.CreateClient();
        var page = await client.GetDocumentAsync("/tags/beta");

        Assert.Equal(
            ["/courses/demo/intro", "/courses/demo/second", "/courses/other/elsewhere"],
            page.QuerySelectorAll("a.lesson-row-title").Select(a => a.GetAttribute("href")));
        Assert.Equal("#beta", page.QuerySelector("h1")!.TextContent);
        Assert.Equal("http://localhost:5080/tags/beta", page.QuerySelector("link[rel=canonical]")!.GetAttribute("href"));
    }

    [Theory]
    [InlineData("/courses/nope")]
    [InlineData("/courses/nope/intro")]
    [InlineData("/courses/demo/nope")]
    [InlineData("/courses/other/intro")]
    [InlineData("/tags/nope")]
    public async Task Unknown_course_lesson_or_tag_is_the_friendly_404(string url)
    {
        using var client = factory.CreateClient();
        var page = await client.GetDocumentAsync(url, HttpStatusCode.NotFound);

        Assert.Equal("페이지를 찾을 수 없어요", page.QuerySelector("h1")!.TextContent);
        Assert.Equal("/", page.QuerySelector(".error-page a.button")!.GetAttribute("href"));
    }

    [Fact]
    public async Task The_catalog_lists_courses_with_module_and_lesson_counts_and_total_minutes()
    {
        using var client = factory.CreateClient();
        var page = await client.GetDocumentAsync("/");

        var demo = page.QuerySelectorAll(".course-card").Single(c => c.QuerySelector("a[href='/courses/demo']") is not null);
        Assert.Equal("데모 강좌", demo.QuerySelector("h2")!.TextContent);
        // The draft counts nowhere: 12 + 18 + 9 + 40 minutes.
        Assert.Equal("모듈 2개 레슨 4개 약 79분", Squash(demo.QuerySelector(".course-stats")!.TextContent));
        Assert.Equal(2, page.QuerySelectorAll(".course-card").Length);
    }

    [Fact]
    public async Task The_course_page_lists_modules_and_their_lessons_in_order_with_minutes_and_tags()
    {
        using var client = factory.CreateClient();
        var page = await client.GetDocumentAsync("/courses/demo");

        var modules = page.QuerySelectorAll("section.module");
        Assert.Equal(["모듈 01 기초", "모듈 02 심화"], modules.Select(m => Squash(m.QuerySelector("h2")!.TextContent)));
        Assert.Equal(
            ["/courses/demo/intro", "/courses/demo/second", "/courses/demo/third"],
            modules[0].QuerySelectorAll("a.lesson-row-title").Select(a => a.GetAttribute("href")));
        var second = modules[0].QuerySelectorAll("li.lesson-row")[1];
        Assert.Equal("약 18분 beta chat-template", Squash(second.QuerySelector(".lesson-row-meta")!.TextContent));
    }

    [Fact]
    public async Task The_sitemap_lists_published_lessons_as_absolute_urls()
    {
        using var client = factory.CreateClient();
        var response = await client.GetAsync("/sitemap.xml");
        var xml = XDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal("application/xml; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        XNamespace ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
        var urls = xml.Descendants(ns + "loc").Select(l => l.Value).ToList();
        Assert.Contains("http://localhost:5080/courses/demo/second", urls);
        Assert.Contains("http://localhost:5080/courses/other/elsewhere", urls);
        Assert.Contains("http://localhost:5080/courses/demo", urls);
        Assert.DoesNotContain("http://localhost:5080/courses/demo/secret", urls);
    }

    private static string Squash(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
