using Microsoft.Playwright;
using Platform.Tests.Infrastructure;
using Platform.Tests.Lessons;

namespace Platform.BrowserTests;

/// The site with a small course (one module of two lessons, so finishing it is a level up) and
/// another course beside it.
public sealed class ProgressSite : MailBrowserSite
{
    private readonly ContentFolder _content = new();

    public override async Task InitializeAsync()
    {
        _content.Course("demo", "데모 강좌", ("basics", "기초"));
        _content.Lesson("demo", "basics", "intro", 1, title: "시작하기");
        _content.Lesson("demo", "basics", "second", 2, title: "두 번째 걸음");
        _content.Course("other", "다른 강좌", ("only", "유일한 모듈"));
        _content.Lesson("other", "only", "elsewhere", 1, title: "다른 곳");
        await base.InitializeAsync();
        _content.Dispose();
    }

    protected override IEnumerable<(string Key, string Value)> Settings() =>
        base.Settings().Concat([("Platform:ImportContentOnStart", "true"), ("Platform:ContentPath", _content.Root)]);
}

public sealed class ProgressJourney(ProgressSite site) : IClassFixture<ProgressSite>
{
    private const string Email = "journey@example.com";
    private const string Password = "correct horse battery";

    [Fact]
    public async Task A_visitor_marks_lessons_done_registers_merges_them_and_sees_them_on_another_device()
    {
        var (context, page, errors) = await site.NewVisitorAsync();
        await using (context)
        {
            // A visitor: progress lives in this browser, the header shows the level computed from it.
            await page.GotoAsync("/courses/demo/intro");
            var widget = page.Locator(".site-header [data-progress-widget]");
            await Assertions.Expect(widget.Locator("[data-field=xp]")).ToHaveTextAsync("0");
            await Assertions.Expect(page.Locator("#progress-box")).ToContainTextAsync("진행 상황은 이 브라우저에만 저장돼요");
            await page.Locator("#progress-box").GetByRole(AriaRole.Button, new() { Name = "완료로 표시" }).ClickAsync();
            // 12 for the lesson, 10 for the first-lesson achievement.
            await Assertions.Expect(widget.Locator("[data-field=xp]")).ToHaveTextAsync("22");
            await Assertions.Expect(page.Locator("#progress-box")).ToContainTextAsync("완료한 레슨이에요");
            await Assertions.Expect(page.Locator("#progress-standing")).ToContainTextAsync("레슨 1/3");

            await page.GotoAsync("/courses/demo/second");
            await Assertions.Expect(widget.Locator("[data-field=xp]")).ToHaveTextAsync("22");
            await page.Locator("#progress-box").GetByRole(AriaRole.Button, new() { Name = "완료로 표시" }).ClickAsync();
            // The whole course: module (30), course (100) and course within a week (80) on top.
            await Assertions.Expect(widget.Locator("[data-field=xp]")).ToHaveTextAsync("244");
            await Assertions.Expect(widget.Locator("[data-field=level-number]")).ToHaveTextAsync("1");
            await Assertions.Expect(widget.Locator("[data-field=level-name]")).ToHaveTextAsync("입문자");

            await page.GotoAsync("/courses/demo");
            await Assertions.Expect(page.Locator("li[data-lesson='demo/intro'] [data-done-mark]")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("li[data-lesson='demo/second'] [data-done-mark]")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("[data-course-finished]")).ToBeVisibleAsync();

            // Registering signs in; the confirmation mail comes through the loopback SMTP server.
            await page.GotoAsync("/Identity/Account/Register");
            await page.FillAsync("#Input_Email", Email);
            await page.FillAsync("#Input_DisplayName", "여행자");
            await page.FillAsync("#Input_Password", Password);
            await page.FillAsync("#Input_ConfirmPassword", Password);
            await page.Locator("form#register button[type=submit]").ClickAsync();
            var mail = await site.Smtp.WaitForMessageToAsync(Email);
            await page.GotoAsync(site.SiteUrl(mail.LinkTo("/Identity/Account/ConfirmEmail")));
            await Assertions.Expect(page.Locator("main")).ToContainTextAsync("확인");

            var banner = page.Locator("#progress-merge");
            await Assertions.Expect(banner).ToContainTextAsync("이 브라우저에 계정에 없는 완료 기록 2개, 244 XP가 있어요");
            await banner.GetByRole(AriaRole.Button, new() { Name = "계정에 합치기" }).ClickAsync();
            await Assertions.Expect(banner).ToContainTextAsync("완료 기록 2개를 계정에 합쳤어요");
            await Assertions.Expect(widget.Locator("[data-field=xp]")).ToHaveTextAsync("244");

            // The store now mirrors the account: no second offer on the next page.
            await page.GotoAsync("/courses/demo");
            await Assertions.Expect(page.Locator("li[data-lesson='demo/second'] [data-done-mark]")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("#progress-merge")).ToHaveCountAsync(0);

            // Signing out leaves no one else this learner's progress on a shared computer.
            await page.Locator(".site-header form[action='/Identity/Account/Logout'] button").ClickAsync();
            await page.GotoAsync("/courses/demo");
            await Assertions.Expect(widget.Locator("[data-field=xp]")).ToHaveTextAsync("0");
            await Assertions.Expect(page.Locator("li[data-lesson='demo/second'] [data-done-mark]")).ToBeHiddenAsync();
            Assert.Empty(errors);
        }

        var (other, second, secondErrors) = await site.NewVisitorAsync();
        await using (other)
        {
            await second.GotoAsync("/Identity/Account/Login?returnUrl=%2Fme");
            await second.FillAsync("#Input_Email", Email);
            await second.FillAsync("#Input_Password", Password);
            await second.Locator("form#account button[type=submit]").ClickAsync();
            await Assertions.Expect(second).ToHaveURLAsync(site.SiteUrl("/me"));
            await Assertions.Expect(second.Locator(".me-level")).ToContainTextAsync("레벨 1 · 입문자");
            await Assertions.Expect(second.Locator(".me-level")).ToContainTextAsync("244 XP");
            await Assertions.Expect(second.Locator(".achievement.earned")).ToHaveCountAsync(4);
            await Assertions.Expect(second.Locator(".site-header [data-field=xp]")).ToHaveTextAsync("244");

            await second.GotoAsync("/courses/demo/intro");
            await Assertions.Expect(second.Locator("#progress-box")).ToContainTextAsync("완료한 레슨이에요");
            await Assertions.Expect(second.Locator("#progress-box [data-progress-toggle]")).ToHaveTextAsync("완료 취소");

            // Un-marking through the API: the lesson is not done any more, its XP stays.
            await second.Locator("#progress-box [data-progress-toggle]").ClickAsync();
            await Assertions.Expect(second.Locator("#progress-box [data-progress-toggle]")).ToHaveTextAsync("완료로 표시");
            await Assertions.Expect(second.Locator("#progress-standing")).ToContainTextAsync("레슨 1/3");
            await Assertions.Expect(second.Locator(".site-header [data-field=xp]")).ToHaveTextAsync("244");
            await second.ReloadAsync();
            await Assertions.Expect(second.Locator("#progress-box [data-progress-toggle]")).ToHaveTextAsync("완료로 표시");
            Assert.Empty(secondErrors);
        }
    }

    [Fact]
    public async Task A_learner_who_declines_the_merge_is_not_asked_again_on_the_next_page()
    {
        await site.CreateUserAsync("decliner@example.com");
        var (context, page, errors) = await site.NewVisitorAsync();
        await using (context)
        {
            await page.GotoAsync("/courses/other/elsewhere");
            await page.Locator("#progress-box").GetByRole(AriaRole.Button, new() { Name = "완료로 표시" }).ClickAsync();
            await Assertions.Expect(page.Locator(".site-header [data-field=xp]")).ToHaveTextAsync("232");

            // The sign-in link of the progress box comes back to the lesson.
            await page.Locator("#progress-box [data-local-note] a").ClickAsync();
            await page.FillAsync("#Input_Email", "decliner@example.com");
            await page.FillAsync("#Input_Password", Password);
            await page.Locator("form#account button[type=submit]").ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(site.SiteUrl("/courses/other/elsewhere"));
            var banner = page.Locator("#progress-merge");
            await Assertions.Expect(banner).ToContainTextAsync("완료 기록 1개, 232 XP가 있어요");
            await banner.GetByRole(AriaRole.Button, new() { Name = "합치지 않기" }).ClickAsync();
            await Assertions.Expect(banner).ToHaveCountAsync(0);

            await page.GotoAsync("/courses/other");
            await Assertions.Expect(page.Locator("[data-course-progress] [data-field=course-percent]")).ToHaveTextAsync("0");
            await Assertions.Expect(page.Locator(".site-header [data-field=xp]")).ToHaveTextAsync("0");
            await Assertions.Expect(page.Locator("#progress-merge")).ToHaveCountAsync(0);
            Assert.Empty(errors);
        }
    }

    [Fact]
    public async Task A_visitor_whose_browser_cannot_store_progress_still_reads_the_lesson_and_is_told_so()
    {
        var (context, page, errors) = await site.NewVisitorAsync();
        await using (context)
        {
            await context.AddInitScriptAsync("Storage.prototype.setItem = function () { throw new DOMException('blocked', 'SecurityError'); };");

            await page.GotoAsync("/courses/demo/intro");

            await Assertions.Expect(page.Locator("#progress-box [data-storage-blocked]")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("#progress-box [data-storage-blocked]")).ToContainTextAsync("이 브라우저에서는 진행 상황을 저장할 수 없어요");
            await Assertions.Expect(page.Locator("#progress-box [data-progress-toggle]")).ToBeHiddenAsync();
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("시작하기");
            Assert.Empty(errors);
        }
    }
}
