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
        _content.Lesson("demo", "basics", "second", 2, title: "두 번째 걸음", body: ContentFolder.Body("second", Quiz));
        await base.InitializeAsync();
        _content.Dispose();
    }

    protected override IEnumerable<(string Key, string Value)> Settings() =>
        [("Platform:ImportContentOnStart", "true"), ("Platform:ContentPath", _content.Root)];

    /// A question whose verdicts progress.js writes.
    private const string Quiz = "\n\n```quiz\nid: even\nquestion: Which number is even?\nchoices:\n  - \"3\"\n  - \"4\"\nanswer: 2\nexplanation: Four is divisible by two.\n```\n";
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

    /// The words scripts write (a code block's copy button, quiz verdicts, the done button, the
    /// merge offer after sign-in, a comment's preview and relative time) come from the page in
    /// its language: after the footer's switch they are English, before and after signing in.
    [Fact]
    public async Task What_scripts_write_on_the_page_is_English_after_the_switch_before_and_after_signing_in()
    {
        await site.CreateUserAsync("scripts-english@example.com", displayName: "Reader");
        var (context, page, errors) = await site.NewVisitorAsync();
        await using (context)
        {
            await page.GotoAsync("/courses/demo/second");
            await Assertions.Expect(page.Locator("button.code-copy").First).ToHaveTextAsync("복사");
            await page.Locator("#language-switch button[value=en]").ClickAsync();
            await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");

            await Assertions.Expect(page.Locator("button.code-copy").First).ToHaveTextAsync("Copy");

            var quiz = page.Locator("form.quiz[data-exercise='demo/second/even']");
            await quiz.Locator("input[name=answer][value='1']").CheckAsync();
            await quiz.GetByRole(AriaRole.Button, new() { Name = "Check the answer" }).ClickAsync();
            await Assertions.Expect(quiz.Locator(".quiz-result")).ToContainTextAsync("Sorry, that's not right. Think it over and try another answer.");
            await quiz.Locator("input[name=answer][value='2']").CheckAsync();
            await quiz.GetByRole(AriaRole.Button, new() { Name = "Check the answer" }).ClickAsync();
            await Assertions.Expect(quiz.Locator(".quiz-result")).ToContainTextAsync("Correct! +5 XP");
            await Assertions.Expect(quiz.Locator(".quiz-explanation")).ToContainTextAsync("Four is divisible by two.");

            var done = page.Locator("button[data-progress-toggle] >> visible=true");
            await Assertions.Expect(done).ToHaveTextAsync("Mark as done");
            await done.ClickAsync();
            await Assertions.Expect(done).ToHaveTextAsync("Mark as not done");

            await page.ReloadAsync();
            await Assertions.Expect(quiz.Locator(".quiz-solved")).ToContainTextAsync("Solved");

            await page.GotoAsync("/Identity/Account/Login?returnUrl=%2Fcourses%2Fdemo%2Fsecond");
            await page.FillAsync("#Input_Email", "scripts-english@example.com");
            await page.FillAsync("#Input_Password", TestUsers.Password);
            await page.Locator("form#account button[type=submit]").ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(site.BaseUrl + "/courses/demo/second");
            await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
            var banner = page.Locator("#progress-merge");
            await Assertions.Expect(banner).ToContainTextAsync("This browser has 1 completed lessons, 1 solved exercises and ");
            await Assertions.Expect(banner).ToContainTextAsync("XP that your account doesn't. Add them to your account?");
            await banner.GetByRole(AriaRole.Button, new() { Name = "Add to my account" }).ClickAsync();
            await Assertions.Expect(banner).ToContainTextAsync("to your account. You now have");
            Assert.DoesNotMatch(Hangul, await banner.InnerTextAsync());

            var form = page.Locator("form#comment-form");
            await form.Locator("textarea[name='Input.Body']").FillAsync("Is **four** the only even choice?");
            await form.Locator("button[data-comment-preview]").ClickAsync();
            var preview = page.Locator("[data-preview-shown]");
            await Assertions.Expect(preview).ToContainTextAsync("This is how it will look. It has not been posted yet.");
            Assert.DoesNotMatch(Hangul, await preview.InnerTextAsync());
            await form.Locator("button.primary[type=submit]").ClickAsync();
            var comment = page.Locator(".comment", new() { HasText = "Is four the only even choice?" });
            await Assertions.Expect(comment.Locator("time[data-relative]")).ToHaveTextAsync("just now");
            await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
            Assert.Empty(errors);
        }
    }

    private const string Hangul = "[\\uAC00-\\uD7A3]";
}
