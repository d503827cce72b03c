using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Platform.Tests.Infrastructure;
using Platform.Web.Features.Reports;

namespace Platform.Tests.Admin;

public sealed class ReportWorkflowTests(AdminFactory factory) : IClassFixture<AdminFactory>
{
    [Fact]
    public async Task Marking_a_report_fixed_queues_exactly_one_email_to_the_reporter()
    {
        using var visitor = factory.Visitor();
        await visitor.SubmitFormAsync("/report?lesson=demo/intro", "form#report-form", new Dictionary<string, string>
        {
            ["Input.Category"] = "Typo",
            ["Input.Description"] = "두 번째 문단에 오타가 있어요.",
            ["Input.ContactEmail"] = "fixed-reader@example.com",
        });
        var id = await ReportIdAsync("두 번째 문단에 오타가 있어요.");
        using var admin = await factory.AdminAsync();

        await ChangeStatusAsync(admin, id, "Fixed");
        var mail = await factory.Smtp.WaitForMessageToAsync("fixed-reader@example.com");
        Assert.Equal("[C.W.K. Stream] 신고하신 문제를 고쳤어요", mail.Subject);
        Assert.Contains($"신고 #{id} (오타)", mail.TextBody, StringComparison.Ordinal);
        Assert.Equal("/courses/demo/intro", mail.LinkTo("/courses/demo/intro"));

        // Reopened and fixed again: the reporter already has their answer.
        await ChangeStatusAsync(admin, id, "Triaged");
        await ChangeStatusAsync(admin, id, "Fixed");
        var outbox = await factory.OutboxAsync();
        Assert.Single(outbox.Keys, k => k.StartsWith($"report:{id}:", StringComparison.Ordinal));
        Assert.Single(factory.Smtp.MessagesTo("fixed-reader@example.com"));
        var page = await admin.GetDocumentAsync($"/admin/reports/{id}");
        Assert.Equal("수정됨", page.QuerySelector("#report-status")!.TextContent);
    }

    [Fact]
    public async Task Wont_fix_emails_a_learner_at_their_account_address()
    {
        var (learner, _) = await factory.LearnerAsync("wontfix-learner@example.com");
        await learner.SubmitFormAsync("/report?lesson=demo/second", "form#report-form", new Dictionary<string, string>
        {
            ["Input.Category"] = "Other",
            ["Input.Description"] = "예제를 하나 더 넣어 주세요.",
        });
        var id = await ReportIdAsync("예제를 하나 더 넣어 주세요.");
        using var admin = await factory.AdminAsync();

        await ChangeStatusAsync(admin, id, "WontFix");

        var mail = await factory.Smtp.WaitForMessageToAsync("wontfix-learner@example.com");
        Assert.Equal("[C.W.K. Stream] 신고하신 내용을 검토했어요", mail.Subject);
        Assert.Contains("이번에는 고치지 않기로 했어요", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_report_mail_is_in_the_language_of_the_reporters_account_not_the_admins()
    {
        var (learner, _) = await factory.LearnerAsync("english-reporter@example.com");
        await using (var db = factory.CreateDbContext())
        {
            await db.Users.Where(u => u.Email == "english-reporter@example.com").ExecuteUpdateAsync(u => u.SetProperty(x => x.Language, "en"));
        }
        await learner.SubmitFormAsync("/report?lesson=demo/second", "form#report-form", new Dictionary<string, string>
        {
            ["Input.Category"] = "BrokenLink",
            ["Input.Description"] = "The second link answers 404.",
        });
        var id = await ReportIdAsync("The second link answers 404.");
        using var admin = await factory.AdminAsync();

        await ChangeStatusAsync(admin, id, "Fixed");

        var mail = await factory.Smtp.WaitForMessageToAsync("english-reporter@example.com");
        Assert.Equal("[C.W.K. Stream] We fixed the problem you reported", mail.Subject);
        Assert.Contains($"report #{id} (Broken link)", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\">", mail.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"[\uAC00-\uD7A3]", mail.Subject + mail.TextBody);
        // The admin, reading Korean, still sees the status in Korean.
        var page = await admin.GetDocumentAsync($"/admin/reports/{id}");
        Assert.Equal("수정됨", page.QuerySelector("#report-status")!.TextContent);
    }

    [Fact]
    public async Task A_fixed_report_earns_its_reporter_the_bug_hunter_achievement_once()
    {
        var (learner, learnerId) = await factory.LearnerAsync("hunter@example.com");
        await learner.SubmitFormAsync("/report?lesson=demo/second", "form#report-form", new Dictionary<string, string>
        {
            ["Input.Category"] = "Typo",
            ["Input.Description"] = "세 번째 표의 단위가 틀렸어요.",
        });
        var id = await ReportIdAsync("세 번째 표의 단위가 틀렸어요.");
        using var admin = await factory.AdminAsync();

        await ChangeStatusAsync(admin, id, "Triaged");
        Assert.Empty(await AwardsAsync(learnerId));
        await ChangeStatusAsync(admin, id, "Fixed");
        await ChangeStatusAsync(admin, id, "Triaged");
        await ChangeStatusAsync(admin, id, "Fixed");

        Assert.Equal(["first-accepted-report"], await AwardsAsync(learnerId));
    }

    private async Task<List<string>> AwardsAsync(string userId)
    {
        await using var db = factory.CreateDbContext();
        return await db.Set<Platform.Web.Features.Progress.AchievementAward>()
            .Where(a => a.UserId == userId).Select(a => a.AchievementId).ToListAsync();
    }

    [Fact]
    public async Task A_duplicate_names_an_existing_original()
    {
        var original = await factory.SeedReportAsync();
        var copy = await factory.SeedReportAsync();
        using var admin = await factory.AdminAsync();

        var missing = await PostStatusAsync(admin, copy, "Duplicate", duplicateOf: "999999");
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("#999999 신고가 없어요.", (await missing.ParseAsync()).QuerySelector("#status-form")!.TextContent, StringComparison.Ordinal);
        var itself = await PostStatusAsync(admin, copy, "Duplicate", duplicateOf: copy.ToString(CultureInfo.InvariantCulture));
        Assert.Contains("자기 자신의 중복으로 표시할 수 없어요.", (await itself.ParseAsync()).QuerySelector("#status-form")!.TextContent, StringComparison.Ordinal);

        await ChangeStatusAsync(admin, copy, "Duplicate", duplicateOf: original.ToString(CultureInfo.InvariantCulture));

        var page = await admin.GetDocumentAsync($"/admin/reports/{copy}");
        Assert.Equal($"중복 (#{original})", page.QuerySelector("#report-status")!.TextContent);
        Assert.Equal((ReportStatus.Duplicate, original), ((await factory.ReportAsync(copy)).Status, (await factory.ReportAsync(copy)).DuplicateOfId));
    }

    [Fact]
    public async Task A_change_made_by_another_admin_in_between_is_not_overwritten()
    {
        var id = await factory.SeedReportAsync();
        using var first = await factory.AdminAsync();
        using var second = await factory.AdminAsync();
        var staleVersion = (await factory.ReportVersionAsync(id)).ToString(CultureInfo.InvariantCulture);
        await ChangeStatusAsync(first, id, "WontFix");

        var response = await second.PostFormAsync($"/admin/reports/{id}?handler=Status", new Dictionary<string, string>
        {
            ["Status.Status"] = "Fixed",
            ["Status.Version"] = staleVersion,
        });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("다른 관리자가 방금 이 신고를 바꿨어요.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(ReportStatus.WontFix, (await factory.ReportAsync(id)).Status);
    }

    [Fact]
    public async Task The_detail_marks_the_selected_text_in_its_paragraph_and_links_the_revision_shown()
    {
        var id = await factory.SeedReportAsync(selected: "그래서 적은 데이터로도");
        using var admin = await factory.AdminAsync();

        var page = await admin.GetDocumentAsync($"/admin/reports/{id}");

        var context = page.QuerySelector("#selection-context")!;
        Assert.Equal("그래서 적은 데이터로도", context.QuerySelector("mark")!.TextContent);
        Assert.Contains(AdminFactory.IntroParagraph, context.TextContent, StringComparison.Ordinal);
        Assert.EndsWith("돼.", context.TextContent.Trim(), StringComparison.Ordinal);
        var revisionLink = page.QuerySelector("a.revision-link")!.GetAttribute("href")!;
        Assert.Equal($"/admin/lessons/{await factory.LessonIdAsync("demo", "intro")}/revisions/1", revisionLink);
        var revision = await admin.GetDocumentAsync(revisionLink);
        Assert.Contains(AdminFactory.IntroParagraph, revision.QuerySelector(".lesson-body")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Notes_and_status_changes_are_in_the_history_with_who_and_when()
    {
        var id = await factory.SeedReportAsync();
        using var admin = await factory.AdminAsync(displayName: "기록 관리자");

        var note = await admin.SubmitFormAsync($"/admin/reports/{id}", "form#note-form", new Dictionary<string, string> { ["Note.Text"] = "다음 배포 때 고칠게요." });
        Assert.Equal(HttpStatusCode.Redirect, note.StatusCode);
        await ChangeStatusAsync(admin, id, "Triaged");

        var page = await admin.GetDocumentAsync($"/admin/reports/{id}");
        Assert.Contains("다음 배포 때 고칠게요.", page.QuerySelector("#report-notes")!.TextContent, StringComparison.Ordinal);
        var rows = page.QuerySelectorAll("#report-history tbody tr").Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToArray()).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal(["기록 관리자", "메모", "", "다음 배포 때 고칠게요."], rows[0][1..]);
        Assert.Equal(["기록 관리자", "상태 변경", "새 신고", "분류됨"], rows[1][1..]);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$", rows[1][0]);
    }

    [Fact]
    public async Task The_queue_filters_by_status_course_lesson_and_category()
    {
        using var visitor = factory.Visitor();
        foreach (var (lesson, category, text) in new[]
        {
            ("demo/intro", "Typo", "큐 필터: 인트로의 오타예요."),
            ("demo/second", "CodeBroken", "큐 필터: 코드가 실행되지 않아요."),
            ("other/elsewhere", "BrokenLink", "큐 필터: 다른 강좌의 깨진 링크예요."),
        })
        {
            await visitor.SubmitFormAsync($"/report?lesson={lesson}", "form#report-form",
                new Dictionary<string, string> { ["Input.Category"] = category, ["Input.Description"] = text });
        }
        using var admin = await factory.AdminAsync();
        await ChangeStatusAsync(admin, await ReportIdAsync("큐 필터: 인트로의 오타예요."), "Fixed");

        Assert.DoesNotContain("큐 필터: 인트로의 오타예요.", await QueueAsync(admin, ""), StringComparison.Ordinal);
        Assert.Contains("큐 필터: 인트로의 오타예요.", await QueueAsync(admin, "?status=Fixed"), StringComparison.Ordinal);
        var otherCourse = await QueueAsync(admin, "?status=all&course=other");
        Assert.Contains("큐 필터: 다른 강좌의 깨진 링크예요.", otherCourse, StringComparison.Ordinal);
        Assert.DoesNotContain("큐 필터: 코드가", otherCourse, StringComparison.Ordinal);
        var code = await QueueAsync(admin, "?category=CodeBroken");
        Assert.Contains("큐 필터: 코드가 실행되지 않아요.", code, StringComparison.Ordinal);
        Assert.DoesNotContain("깨진 링크", code, StringComparison.Ordinal);
        var second = await QueueAsync(admin, $"?status=all&lesson={await factory.LessonIdAsync("demo", "second")}");
        Assert.Contains("큐 필터: 코드가 실행되지 않아요.", second, StringComparison.Ordinal);
        Assert.DoesNotContain("큐 필터: 인트로", second, StringComparison.Ordinal);
    }

    private static async Task<string> QueueAsync(HttpClient admin, string query)
    {
        var page = await admin.GetDocumentAsync("/admin/reports" + query);
        return page.QuerySelector("#report-queue")?.TextContent ?? "";
    }

    private async Task<int> ReportIdAsync(string description)
    {
        await using var db = factory.CreateDbContext();
        return db.Set<ProblemReport>().Single(r => r.Description == description).Id;
    }

    private static Task<HttpResponseMessage> PostStatusAsync(HttpClient admin, int id, string status, string duplicateOf = "") =>
        admin.SubmitFormAsync($"/admin/reports/{id}", "form#status-form", new Dictionary<string, string>
        {
            ["Status.Status"] = status,
            ["Status.DuplicateOf"] = duplicateOf,
        });

    private static async Task ChangeStatusAsync(HttpClient admin, int id, string status, string duplicateOf = "")
    {
        var response = await PostStatusAsync(admin, id, status, duplicateOf);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}
