using Microsoft.Playwright;
using Platform.Tests.Infrastructure;
using Platform.Tests.Lessons;

namespace Platform.BrowserTests;

/// A small course to walk through in both languages.
public sealed class LanguageSite : BrowserSite
{
    private readonly ContentFolder _content = new();

    public override async Task InitializeAsync()
    {
        _content.Course("demo", "데모 강좌", ("basics", "기초"));
        _content.Lesson("demo", "basics", "intro", 1, title: "시작하기", minutes: 18);
        _content.Lesson("demo", "basics", "second", 2, title: "두 번째 걸음");
        await base.InitializeAsync();
        _content.Dispose();
    }

    protected override IEnumerable<(string Key, string Value)> Settings() =>
        [("Platform:ImportContentOnStart", "true"), ("Platform:ContentPath", _content.Root)];
}

public sealed class LanguageJourney(LanguageSite site) : IClassFixture<LanguageSite>
{
    [Fact]
    public async Task A_visitor_switches_to_English_in_the_footer_and_stays_in_it_across_pages_and_after_signing_in()
    {
        await site.CreateUserAsync("bilingual@example.com");
        var (context, page, errors) = await site.NewVisitorAsync();
        await using (context)
        {
            // The browser asks for Korean (ko-KR): the cached lesson page in Korean first.
            await page.GotoAsync("/courses/demo/intro");
            Assert.Equal("ko", await page.Locator("html").GetAttributeAsync("lang"));
            await Assertions.Expect(page.Locator(".lesson-meta")).ToContainTextAsync("약 18분");

            // The footer's switch on a page served to every visitor alike (no token: a same-origin post).
            await page.Locator("#language-switch button[value=en]").ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(site.BaseUrl + "/courses/demo/intro");
            Assert.Equal("en", await page.Locator("html").GetAttributeAsync("lang"));
            await Assertions.Expect(page.Locator(".lesson-position")).ToContainTextAsync("Lesson 01 of 02");
            await Assertions.Expect(page.Locator(".lesson-meta")).ToContainTextAsync("~18 min");
            await Assertions.Expect(page.Locator(".site-footer")).ToContainTextAsync("Report a problem");
            // progress.js fills the level name from the rules in the page's language.
            await Assertions.Expect(page.Locator("#progress-standing [data-field=level-name]")).ToHaveTextAsync("Observer");

            await page.GotoAsync("/courses/demo/no-such-lesson");
            Assert.Equal("en", await page.Locator("html").GetAttributeAsync("lang"));
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Page not found");

            await page.GotoAsync("/Identity/Account/Login?returnUrl=%2Fnotifications");
            await page.FillAsync("#Input_Email", "bilingual@example.com");
            await page.FillAsync("#Input_Password", TestUsers.Password);
            await page.Locator("form#account button[type=submit]").ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(site.BaseUrl + "/notifications");
            Assert.Equal("en", await page.Locator("html").GetAttributeAsync("lang"));
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Notifications");

            // Signed in, the footer form carries a token; switching back works the same way.
            await page.Locator("#language-switch button[value=ko]").ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(site.BaseUrl + "/notifications");
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("알림");
            Assert.Equal("ko", await page.Locator("html").GetAttributeAsync("lang"));

            await page.SetViewportSizeAsync(360, 740);
            await page.GotoAsync("/courses/demo/second");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "language-switch-360.png"), FullPage = true });
            var wide = await page.EvaluateAsync<string>("[...document.querySelectorAll('.site-footer *')].filter(e => e.getBoundingClientRect().right > window.innerWidth).map(e => e.className || e.tagName).join(', ')");
            Assert.True(wide.Length == 0, $"The footer overflows at 360 px: {wide}");
            Assert.DoesNotContain(errors, e => !e.Contains("no-such-lesson", StringComparison.Ordinal));
        }
    }
}
