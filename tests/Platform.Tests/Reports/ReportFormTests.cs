using System.Net;
using Microsoft.EntityFrameworkCore;
using Platform.Tests.Admin;
using Platform.Tests.Infrastructure;
using Platform.Web.Features.Reports;

namespace Platform.Tests.Reports;

public sealed class ReportFormTests(AdminFactory factory) : IClassFixture<AdminFactory>
{
    private const string Browser = "Mozilla/5.0 (X11; Linux x86_64) PlatformTest/1.0";

    [Fact]
    public async Task The_lesson_page_links_to_the_report_form_with_its_revision_and_carries_no_antiforgery_token()
    {
        using var visitor = factory.Visitor();
        var response = await visitor.GetAsync("/courses/demo/intro");
        var page = await response.ParseAsync();

        Assert.Equal("/report?lesson=demo/intro&revision=1", page.QuerySelector(".report-line a")!.GetAttribute("href"));
        Assert.Equal("/report", page.QuerySelector(".site-footer a[href='/report']")?.GetAttribute("href"));
        Assert.NotNull(page.QuerySelector("script[src^='/js/report-dialog.js']"));
        Assert.Null(page.QuerySelector("input[name=__RequestVerificationToken]"));
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task A_visitor_reports_a_lesson_with_the_selected_text_and_the_revision_shown_is_stored()
    {
        using var visitor = factory.Visitor();
        visitor.DefaultRequestHeaders.UserAgent.ParseAdd(Browser);
        var form = await visitor.GetDocumentAsync("/report?lesson=demo/intro&revision=1");
        Assert.Contains("시작하기", form.QuerySelector(".report-subject")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(["오타", "내용 오류", "코드가 동작하지 않음", "링크 깨짐", "기타"],
            form.QuerySelectorAll(".report-categories label").Select(l => l.TextContent.Trim()));

        var response = await visitor.SubmitFormAsync("/report?lesson=demo/intro&revision=1", "form#report-form", new Dictionary<string, string>
        {
            ["Input.Category"] = "ContentError",
            ["Input.Description"] = "이 문장은 설명이 틀린 것 같아요.",
            ["Input.SelectedText"] = "  적은 데이터로도 돼.  ",
            ["Input.ContactEmail"] = "reader@example.com",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var thanks = await visitor.GetDocumentAsync(response.Headers.Location!.OriginalString);
        Assert.Equal("신고해 주셔서 고마워요", thanks.QuerySelector("h1")!.TextContent);
        Assert.Equal("/courses/demo/intro", thanks.QuerySelector(".report-thanks a.button")!.GetAttribute("href"));

        await using var db = factory.CreateDbContext();
        var report = await db.Set<ProblemReport>().Include(r => r.LessonRevision).SingleAsync(r => r.ContactEmail == "reader@example.com");
        Assert.Equal(await factory.LessonIdAsync("demo", "intro"), report.LessonId);
        Assert.Equal((1, 1), (report.LessonRevisionNumber, report.LessonRevision!.Number));
        Assert.Equal(("/courses/demo/intro", ReportCategory.ContentError, ReportStatus.New), (report.PageUrl, report.Category, report.Status));
        Assert.Equal("적은 데이터로도 돼.", report.SelectedText);
        Assert.Equal(Browser, report.UserAgent);
        Assert.Null(report.ReporterId);
    }

    [Fact]
    public async Task A_signed_in_learner_report_is_linked_to_the_account_and_asks_no_address()
    {
        var (learner, learnerId) = await factory.LearnerAsync();
        var form = await learner.GetDocumentAsync("/report?lesson=demo/second&from=/courses/demo/second");
        Assert.Null(form.QuerySelector("input[name='Input.ContactEmail']"));

        var response = await learner.SubmitFormAsync("/report?lesson=demo/second&from=/courses/demo/second", "form#report-form", new Dictionary<string, string>
        {
            ["Input.Category"] = "BrokenLink",
            ["Input.Description"] = "공식 문서 링크가 열리지 않아요.",
            ["Input.ContactEmail"] = "ignored@example.com",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await using var db = factory.CreateDbContext();
        var report = await db.Set<ProblemReport>().SingleAsync(r => r.ReporterId == learnerId);
        Assert.Equal(("/courses/demo/second", ReportCategory.BrokenLink, (string?)null), (report.PageUrl, report.Category, report.ContactEmail));
        Assert.Equal(await factory.LessonIdAsync("demo", "second"), report.LessonId);
    }

    [Fact]
    public async Task A_report_keeps_the_page_it_came_from_only_when_that_page_is_on_this_site()
    {
        using var visitor = factory.Visitor();
        await visitor.SubmitFormAsync("/report?from=/tags/beta", "form#report-form", Fields("태그 페이지에서 본 문제예요."));
        await visitor.SubmitFormAsync("/report?from=https://evil.example/x", "form#report-form", Fields("바깥 주소에서 온 신고예요."));

        await using var db = factory.CreateDbContext();
        var fromTags = await db.Set<ProblemReport>().SingleAsync(r => r.Description == "태그 페이지에서 본 문제예요.");
        Assert.Equal(("/tags/beta", (int?)null), (fromTags.PageUrl, fromTags.LessonId));
        Assert.Equal("/", await db.Set<ProblemReport>().Where(r => r.Description == "바깥 주소에서 온 신고예요.").Select(r => r.PageUrl).SingleAsync());
    }

    [Fact]
    public async Task An_invalid_report_comes_back_with_the_message_and_the_text_kept()
    {
        using var visitor = factory.Visitor();
        var response = await visitor.SubmitFormAsync("/report?lesson=demo/intro", "form#report-form", new Dictionary<string, string>
        {
            ["Input.Category"] = "Typo",
            ["Input.Description"] = "짧아요",
            ["Input.SelectedText"] = "선택한 문장",
            ["Input.ContactEmail"] = "not-an-address",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.ParseAsync();
        var errors = string.Join(" ", page.QuerySelectorAll(".field-error").Select(e => e.TextContent));
        Assert.Contains("설명은 10자 이상 4000자 이하로 적어 주세요.", errors, StringComparison.Ordinal);
        Assert.Contains("이메일 주소 형식이 올바르지 않아요.", errors, StringComparison.Ordinal);
        Assert.Equal("짧아요", page.QuerySelector("textarea[name='Input.Description']")!.TextContent.Trim());
        Assert.Equal("선택한 문장", page.QuerySelector("textarea[name='Input.SelectedText']")!.TextContent.Trim());
        Assert.NotNull(page.QuerySelector("input[name='Input.Category'][value=Typo][checked]"));
        await using var db = factory.CreateDbContext();
        Assert.False(await db.Set<ProblemReport>().AnyAsync(r => r.Description == "짧아요"));
    }

    [Fact]
    public async Task A_filled_honeypot_is_thanked_but_nothing_is_stored()
    {
        using var visitor = factory.Visitor();
        var fields = Fields("봇이 보낸 광고 문구입니다. 지금 클릭하세요.");
        fields["Input.Website"] = "https://spam.example";

        var response = await visitor.SubmitFormAsync("/report", "form#report-form", fields);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/report/thanks", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        await using var db = factory.CreateDbContext();
        Assert.False(await db.Set<ProblemReport>().AnyAsync(r => r.Description.Contains("광고")));
    }

    [Fact]
    public async Task A_blocked_learner_reports_only_as_a_visitor_would()
    {
        var (learner, learnerId) = await factory.LearnerAsync();
        await using (var db = factory.CreateDbContext())
        {
            var user = await db.Users.SingleAsync(u => u.Id == learnerId);
            user.BlockedUntil = new DateTimeOffset(2098, 12, 31, 15, 0, 0, TimeSpan.Zero);
            user.BlockReason = "광고 글 반복";
            await db.SaveChangesAsync();
        }

        // The block ends the session on the next request (SessionCheck): what is left is a visitor's
        // report, rate-limited per address like any other, never one in the account's name.
        var response = await learner.SubmitFormAsync("/report", "form#report-form", Fields("차단된 사람이 보내는 신고예요."));

        Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await learner.GetAsync("/me")).StatusCode);
        await using var check = factory.CreateDbContext();
        Assert.False(await check.Set<ProblemReport>().AnyAsync(r => r.ReporterId == learnerId));
    }

    private static Dictionary<string, string> Fields(string description) => new()
    {
        ["Input.Category"] = "Other",
        ["Input.Description"] = description,
    };
}
