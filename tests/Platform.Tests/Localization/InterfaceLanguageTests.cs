using System.Net;
using Platform.Tests.Infrastructure;
using Platform.Tests.Lessons;

namespace Platform.Tests.Localization;

/// The interface language: the footer's switch (culture cookie), then Accept-Language, then Korean.
public sealed class InterfaceLanguageTests(LessonsFactory factory) : IClassFixture<LessonsFactory>
{
    private static string Squash(string text) => string.Join(' ', text.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));

    private static HttpRequestMessage Get(string url, string? acceptLanguage = null, string? culture = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (acceptLanguage is not null)
        {
            request.Headers.Add("Accept-Language", acceptLanguage);
        }
        if (culture is not null)
        {
            request.Headers.Add("Cookie", $".AspNetCore.Culture=c={culture}|uic={culture}");
        }
        return request;
    }

    private async Task<AngleSharp.Html.Dom.IHtmlDocument> PageAsync(HttpClient client, HttpRequestMessage request, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await client.SendAsync(request);
        Assert.Equal(expected, response.StatusCode);
        return await response.ParseAsync();
    }

    [Fact]
    public async Task Korean_by_default_English_by_Accept_Language_and_the_cookie_overrides_both()
    {
        using var client = factory.CreateClient();
        var korean = await PageAsync(client, Get("/courses/demo/second"));
        Assert.Equal("ko", korean.DocumentElement.GetAttribute("lang"));
        Assert.Equal("레슨 02 / 03 · 공개됨", Squash(korean.QuerySelector(".lesson-position")!.TextContent));

        var english = await PageAsync(client, Get("/courses/demo/second", acceptLanguage: "en-US,en;q=0.9"));
        Assert.Equal("en", english.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Lesson 02 of 03 · published", Squash(english.QuerySelector(".lesson-position")!.TextContent));
        Assert.Equal("~18 min · beta, chat-template", Squash(english.QuerySelector(".lesson-meta")!.TextContent));
        Assert.Equal(
            "Level 0 Observer 0 XP 0/5 lessons 0/12 achievements 0/120 XP to next level 120 XP to go 0% complete Days in a row: 0 · longest: 0",
            Squash(english.QuerySelector("#progress-standing")!.TextContent));
        Assert.Contains("Report a problem", english.QuerySelector(".site-footer")!.TextContent, StringComparison.Ordinal);

        var chosen = await PageAsync(client, Get("/courses/demo/second", acceptLanguage: "en-US", culture: "ko"));
        Assert.Equal("ko", chosen.DocumentElement.GetAttribute("lang"));
        var unsupported = await PageAsync(client, Get("/courses/demo/second", acceptLanguage: "fr-FR"));
        Assert.Equal("ko", unsupported.DocumentElement.GetAttribute("lang"));
    }

    [Fact]
    public async Task The_cached_lesson_page_keeps_one_copy_per_language()
    {
        using var client = factory.CreateClient();
        var firstKo = await client.SendAsync(Get("/courses/demo/intro"));
        var firstEn = await client.SendAsync(Get("/courses/demo/intro", acceptLanguage: "en"));
        Assert.Null(firstKo.Headers.Age);
        Assert.Null(firstEn.Headers.Age);

        // Asked again: both come from the page cache (it adds Age), each copy in its own language.
        var againKo = await client.SendAsync(Get("/courses/demo/intro"));
        var againEn = await client.SendAsync(Get("/courses/demo/intro", culture: "en"));
        Assert.NotNull(againKo.Headers.Age);
        Assert.NotNull(againEn.Headers.Age);
        var cachedKo = await againKo.ParseAsync();
        var cachedEn = await againEn.ParseAsync();
        Assert.Equal("ko", cachedKo.DocumentElement.GetAttribute("lang"));
        Assert.Equal("en", cachedEn.DocumentElement.GetAttribute("lang"));
        Assert.Contains("Lesson 01 of 03", cachedEn.QuerySelector(".lesson-position")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("레슨 01 / 03", cachedKo.QuerySelector(".lesson-position")!.TextContent, StringComparison.Ordinal);
        // The shared copy carries no antiforgery token in its footer form.
        Assert.Null(cachedEn.QuerySelector("#language-switch input[name=__RequestVerificationToken]"));
    }

    [Fact]
    public async Task The_footer_switch_sets_the_culture_cookie_and_returns_to_the_same_page()
    {
        using var browser = factory.CreateBrowser();
        var response = await browser.SubmitFormAsync("/Identity/Account/Login?returnUrl=%2Fme", "#language-switch", new Dictionary<string, string> { ["culture"] = "en" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Identity/Account/Login?returnUrl=%2Fme", response.Headers.Location!.OriginalString);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Culture=c%3Den%7Cuic%3Den", StringComparison.Ordinal));

        var english = await browser.GetDocumentAsync("/courses/demo/second");
        Assert.Equal("en", english.DocumentElement.GetAttribute("lang"));
        Assert.Equal("English", english.QuerySelector("#language-switch [aria-current]")!.TextContent);

        var back = await browser.SubmitFormAsync("/report", "#language-switch", new Dictionary<string, string> { ["culture"] = "ko" });
        Assert.Equal("/report", back.Headers.Location!.OriginalString);
        Assert.Equal("ko", (await browser.GetDocumentAsync("/")).DocumentElement.GetAttribute("lang"));
    }

    [Fact]
    public async Task The_switch_on_a_cached_page_needs_a_same_origin_post_and_refuses_others_with_400()
    {
        using var browser = factory.CreateBrowser();
        var page = await browser.GetDocumentAsync("/courses/demo/third");
        Assert.Null(page.QuerySelector("#language-switch input[name=__RequestVerificationToken]"));

        async Task<HttpResponseMessage> PostAsync(string? origin, string culture = "en")
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/language")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["culture"] = culture, ["returnUrl"] = "/courses/demo/third" }),
            };
            if (origin is not null)
            {
                request.Headers.Add("Origin", origin);
            }
            return await browser.SendAsync(request);
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(null)).StatusCode);
        var foreign = await PostAsync("https://evil.example");
        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
        Assert.Contains("요청을 처리할 수 없어요", await foreign.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync("https://localhost", culture: "xx")).StatusCode);

        var same = await PostAsync("https://localhost");
        Assert.Equal(HttpStatusCode.Redirect, same.StatusCode);
        Assert.Equal("/courses/demo/third", same.Headers.Location!.OriginalString);
        Assert.Equal("en", (await browser.GetDocumentAsync("/courses/demo/third")).DocumentElement.GetAttribute("lang"));
    }

    [Fact]
    public async Task Error_pages_and_the_notifications_pages_read_in_the_chosen_language()
    {
        using var client = factory.CreateClient();
        var missing = await PageAsync(client, Get("/courses/no-such-course", acceptLanguage: "en"), HttpStatusCode.NotFound);
        Assert.Equal("Page not found", missing.QuerySelector("h1")!.TextContent);
        Assert.Equal("Back to the courses", missing.QuerySelector(".error-page a")!.TextContent);
        // The switch on a status page returns to the address that failed, not to /Error.
        Assert.Equal("/courses/no-such-course", missing.QuerySelector("#language-switch input[name=returnUrl]")!.GetAttribute("value"));
        var korean = await PageAsync(client, Get("/courses/no-such-course"), HttpStatusCode.NotFound);
        Assert.Equal("페이지를 찾을 수 없어요", korean.QuerySelector("h1")!.TextContent);

        await factory.CreateUserAsync("language-notes@example.com");
        using var learner = await factory.SignedInClientAsync("language-notes@example.com");
        var english = await PageAsync(learner, Get("/notifications", culture: "en"));
        Assert.Equal("Notifications", english.QuerySelector("h1")!.TextContent);
        Assert.Contains("No notifications yet.", english.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Notifications, 0 unread", english.QuerySelector(".bell")!.GetAttribute("aria-label"));
        var preferences = await PageAsync(learner, Get("/notifications/preferences", culture: "en"));
        Assert.Equal("Reply alert e-mail", preferences.QuerySelector("legend")!.TextContent);
        var koPreferences = await PageAsync(learner, Get("/notifications/preferences"));
        Assert.Equal("답글 알림 메일", koPreferences.QuerySelector("legend")!.TextContent);
    }
}
