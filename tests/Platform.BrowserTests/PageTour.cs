using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Platform.Tests.Infrastructure;

namespace Platform.BrowserTests;

/// Every page type, as a visitor, a learner and an admin, on a 360 px wide phone: nothing may
/// scroll sideways and axe-core (WCAG 2.1 A and AA rules) may find nothing.
public sealed class PageTour(PageTour.Site site) : IClassFixture<PageTour.Site>
{
    public const int PhoneWidth = 360;

    /// The site with the repository's own content imported.
    public sealed class Site : BrowserSite
    {
        protected override IEnumerable<(string Key, string Value)> Settings() =>
            base.Settings().Append(("Platform:ImportContentOnStart", "true"));
    }

    private static readonly string[] VisitorPages =
    [
        "/", "/courses/fine-tuning", "/courses/fine-tuning/base-vs-instruct", "/tags/lora", "/search?q=모델",
        "/search?q=%21%21", "/report", "/Identity/Account/Login", "/Identity/Account/Register", "/courses/no-such-course",
    ];

    private static readonly string[] LearnerPages =
    [
        "/", "/courses/fine-tuning", "/courses/fine-tuning/base-vs-instruct", "/me", "/notifications",
        "/notifications/preferences", "/search?q=LoRA%20학습률", "/Identity/Account/Manage",
    ];

    private static readonly string[] AdminPages =
    [
        "/admin", "/admin/reports", "/admin/comments", "/admin/users", "/admin/lessons", "/admin/mail", "/admin/audit",
        "/courses/fine-tuning/base-vs-instruct",
    ];

    [Fact]
    public async Task A_new_visitor_on_a_course_page_is_offered_the_first_lesson_not_told_they_finished()
    {
        var (context, page, errors) = await site.NewVisitorAsync();
        await using (context)
        {
            await page.GotoAsync("/courses/fine-tuning");
            var start = page.Locator("[data-continue]");
            await Assertions.Expect(start).ToBeVisibleAsync();
            await Assertions.Expect(start).ToContainTextAsync("시작하기");
            await Assertions.Expect(start).ToHaveAttributeAsync("href", "/courses/fine-tuning/what-is-fine-tuning");
            await Assertions.Expect(page.Locator("[data-course-finished]")).ToBeHiddenAsync();
            await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync("모두 완료했어요", new() { UseInnerText = true });
            Assert.Empty(errors);
        }
    }

    [Fact]
    public async Task Every_page_a_visitor_sees_fits_a_phone_and_passes_axe()
    {
        var (context, page, _) = await site.NewVisitorAsync(PhoneWidth);
        await using (context)
        {
            AssertClean(await TourAsync(page, VisitorPages));
        }
    }

    [Fact]
    public async Task Every_page_a_learner_sees_fits_a_phone_and_passes_axe()
    {
        await site.CreateUserAsync("tour-learner@example.com", displayName: "학습자");
        var (context, page, _) = await site.NewVisitorAsync(PhoneWidth);
        await using (context)
        {
            await SignInAsync(page, "tour-learner@example.com");
            await page.GotoAsync("/courses/fine-tuning/what-is-fine-tuning");
            await page.Locator("#progress-box [data-progress-toggle]").ClickAsync();
            await Assertions.Expect(page.Locator("#progress-box")).ToContainTextAsync("완료한 레슨이에요");
            AssertClean(await TourAsync(page, LearnerPages));
        }
    }

    [Fact]
    public async Task Every_admin_page_fits_a_phone_and_passes_axe()
    {
        await site.CreateUserAsync("tour-admin@example.com", admin: true, displayName: "운영자");
        var (context, page, _) = await site.NewVisitorAsync(PhoneWidth);
        await using (context)
        {
            await SignInAsync(page, "tour-admin@example.com");
            AssertClean(await TourAsync(page, AdminPages));
        }
    }

    private static void AssertClean(List<string> problems) =>
        Assert.True(problems.Count == 0, $"{problems.Count} problems:\n{string.Join("\n", problems)}");

    private static async Task SignInAsync(IPage page, string email)
    {
        await page.GotoAsync("/Identity/Account/Login");
        await page.Locator("input[name='Input.Email']").FillAsync(email);
        await page.Locator("input[name='Input.Password']").FillAsync(TestUsers.Password);
        await page.Locator("form#account button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator(".site-header")).ToContainTextAsync("로그아웃");
    }

    /// What is wrong on each page: sideways scrolling, axe violations, or a server error.
    private static async Task<List<string>> TourAsync(IPage page, IEnumerable<string> paths)
    {
        var problems = new List<string>();
        var axe = new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        };
        foreach (var path in paths)
        {
            var response = await page.GotoAsync(path);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            if (response is null || response.Status >= 500)
            {
                problems.Add($"{path}: HTTP {response?.Status}");
                continue;
            }
            var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            if (scrollWidth > PhoneWidth)
            {
                var wide = await page.EvaluateAsync<string>("""
                    () => [...document.querySelectorAll('body *')]
                        .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
                        .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ').join('.') : '')).join(', ')
                    """);
                problems.Add($"{path}: scrollWidth {scrollWidth} > {PhoneWidth} ({wide})");
            }
            var result = await page.RunAxe(axe);
            foreach (var violation in result.Violations)
            {
                var targets = string.Join(" | ", violation.Nodes.Take(3).Select(n => $"{n.Target} {n.Html}"));
                problems.Add($"{path}: axe {violation.Id} ({violation.Help}): {targets}");
            }
        }
        return problems;
    }
}
