using Microsoft.Playwright;
using Platform.Tests.Infrastructure;

namespace Platform.BrowserTests;

public sealed class ReportJourney(MailBrowserSite site) : IClassFixture<MailBrowserSite>
{
    private const string Lesson = "/courses/fine-tuning/what-is-fine-tuning";

    [Fact]
    public async Task A_visitor_reports_selected_text_and_an_admin_marks_it_fixed_and_the_visitor_gets_mail()
    {
        var (visitorContext, visitor, visitorErrors) = await site.NewVisitorAsync();
        string selected;
        await using (visitorContext)
        {
            await visitor.GotoAsync(Lesson);
            selected = await visitor.EvaluateAsync<string>(
                """
                () => {
                  const paragraph = document.querySelector(".lesson-body p");
                  const text = [...paragraph.childNodes].find(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim().length > 12);
                  const range = document.createRange();
                  range.setStart(text, 0);
                  range.setEnd(text, Math.min(24, text.textContent.length));
                  getSelection().removeAllRanges();
                  getSelection().addRange(range);
                  return getSelection().toString().trim();
                }
                """);
            await visitor.Locator(".report-line a").ClickAsync();

            var dialog = visitor.Locator("dialog.report-dialog[open]");
            await Assertions.Expect(dialog.Locator("textarea[name='Input.SelectedText']")).ToHaveValueAsync(selected);
            await Assertions.Expect(dialog.Locator(".report-subject")).ToContainTextAsync("파인튜닝이란?");
            await dialog.GetByLabel("오타").CheckAsync();
            await dialog.Locator("textarea[name='Input.Description']").FillAsync("선택한 문장에 띄어쓰기가 틀렸어요. 확인해 주세요.");
            await dialog.Locator("input[name='Input.ContactEmail']").FillAsync("journey-reader@example.com");
            await dialog.EvaluateAsync("d => { d.scrollTop = 0; }");
            await Screenshot(visitor, "report-dialog", fullPage: false);
            await dialog.GetByRole(AriaRole.Button, new() { Name = "신고 보내기" }).ClickAsync();

            await Assertions.Expect(dialog.Locator("#report-dialog-title")).ToHaveTextAsync("신고해 주셔서 고마워요");
            Assert.Equal(Lesson, new Uri(visitor.Url).AbsolutePath);
            Assert.Empty(visitorErrors);
        }

        await site.CreateUserAsync("journey-admin@example.com", admin: true, displayName: "운영자");
        var (adminContext, admin, adminErrors) = await site.NewVisitorAsync();
        await using (adminContext)
        {
            await admin.GotoAsync("/admin/reports");
            await admin.Locator("input[name='Input.Email']").FillAsync("journey-admin@example.com");
            await admin.Locator("input[name='Input.Password']").FillAsync(TestUsers.Password);
            await admin.GetByRole(AriaRole.Button, new() { Name = "로그인" }).ClickAsync();

            await Assertions.Expect(admin.Locator("h1")).ToHaveTextAsync("신고");
            var row = admin.Locator("#report-queue tbody tr", new() { HasText = "띄어쓰기가 틀렸어요" });
            await Assertions.Expect(row).ToContainTextAsync("새 신고");
            await Screenshot(admin, "admin-report-queue");
            await row.GetByRole(AriaRole.Link, new() { Name = "선택한 문장에 띄어쓰기가 틀렸어요. 확인해 주세요." }).ClickAsync();

            await Assertions.Expect(admin.Locator("#selection-context mark")).ToHaveTextAsync(selected);
            await admin.Locator("#status-form select").SelectOptionAsync("Fixed");
            await Screenshot(admin, "admin-report-detail");
            await admin.GetByRole(AriaRole.Button, new() { Name = "상태 저장" }).ClickAsync();
            await Assertions.Expect(admin.Locator("#report-status")).ToHaveTextAsync("수정됨");
            await Assertions.Expect(admin.Locator(".admin-message")).ToContainTextAsync("신고자에게 결과 메일을 보내요.");

            await admin.GotoAsync("/admin/users");
            await Screenshot(admin, "admin-users");
            Assert.Empty(adminErrors);
        }

        var mail = await site.Smtp.WaitForMessageToAsync("journey-reader@example.com");
        Assert.Equal("[C.W.K. Stream] 신고하신 문제를 고쳤어요", mail.Subject);
        Assert.Contains(Lesson, mail.TextBody, StringComparison.Ordinal);
    }

    /// With PLATFORM_SCREENSHOTS set, the journey leaves screenshots there (for the issue and docs).
    private static async Task Screenshot(IPage page, string name, bool fullPage = true)
    {
        var directory = Environment.GetEnvironmentVariable("PLATFORM_SCREENSHOTS");
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
            await page.ScreenshotAsync(new() { Path = Path.Combine(directory, name + ".png"), FullPage = fullPage });
        }
    }
}
