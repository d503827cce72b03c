using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Platform.Tests.Infrastructure;
using Platform.Tests.Lessons;
using Platform.Web.Features.Admin;
using Platform.Web.Features.Reports;

namespace Platform.Tests.Admin;

/// The dashboard, lessons, mail and audit pages.
public sealed class AdminAreaTests(AdminFactory factory) : IClassFixture<AdminFactory>
{
    [Fact]
    public async Task The_dashboard_counts_open_reports_parked_mail_and_new_users()
    {
        using var admin = await factory.AdminAsync();
        var before = await admin.GetDocumentAsync("/admin");
        int Count(AngleSharp.Html.Dom.IHtmlDocument page, string id) => int.Parse(page.QuerySelector(id)!.TextContent, CultureInfo.InvariantCulture);

        await factory.SeedReportAsync();
        await factory.SeedParkedMailAsync("dashboard@example.com");
        await factory.CreateUserAsync("dashboard-new@example.com");

        var after = await admin.GetDocumentAsync("/admin");
        Assert.Equal(Count(before, "#open-reports") + 1, Count(after, "#open-reports"));
        Assert.Equal(Count(before, "#parked-mail") + 1, Count(after, "#parked-mail"));
        Assert.Equal(Count(before, "#new-users") + 1, Count(after, "#new-users"));
    }

    [Fact]
    public async Task Unpublishing_a_lesson_hides_it_from_visitors_and_publishing_shows_it_again()
    {
        using var admin = await factory.AdminAsync();
        using var visitor = factory.Visitor();
        var id = (await factory.LessonIdAsync("demo", "second")).ToString(CultureInfo.InvariantCulture);
        var lessons = await admin.GetDocumentAsync("/admin/lessons");
        var row = lessons.QuerySelector("tr[data-lesson='demo/second']")!;
        Assert.Equal("공개", row.QuerySelector(".lesson-status")!.TextContent);
        Assert.Contains("1 / 1개", row.TextContent, StringComparison.Ordinal);
        // The visitor's copy is now in the page cache: unpublishing must take it out.
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync("/courses/demo/second")).StatusCode);

        await admin.PostFormAsync("/admin/lessons?handler=Unpublish", new Dictionary<string, string> { ["lessonId"] = id });
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync("/courses/demo/second")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/courses/demo/second")).StatusCode);
        var again = await admin.PostFormAsync("/admin/lessons?handler=Unpublish", new Dictionary<string, string> { ["lessonId"] = id });
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("이미 비공개 상태예요", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await admin.PostFormAsync("/admin/lessons?handler=Publish", new Dictionary<string, string> { ["lessonId"] = id });
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync("/courses/demo/second")).StatusCode);
    }

    [Fact]
    public async Task Reimporting_content_shows_the_report_and_a_changed_file_becomes_a_new_revision_reports_still_name_theirs()
    {
        var report = await SeedReportOnAsync("other", "elsewhere");
        using var admin = await factory.AdminAsync();
        factory.Content.Write("other/only/01-elsewhere.md", ContentFolder.LessonText(
            "elsewhere", "only", 1, "다른 곳의 레슨", 10, ["demo"], "published", ContentFolder.Body("elsewhere", "고친 문장이야.")));

        var response = await admin.SubmitFormAsync("/admin/lessons", "form#import-form", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await admin.GetDocumentAsync("/admin/lessons");
        var lessonsRow = page.QuerySelectorAll("#import-report tbody tr")[1].QuerySelectorAll("td").Select(c => c.TextContent).ToArray();
        Assert.Equal(["0", "1", "3", "0", "0"], lessonsRow);
        Assert.Contains("2 / 2개", page.QuerySelector("tr[data-lesson='other/elsewhere']")!.TextContent, StringComparison.Ordinal);
        var detail = await admin.GetDocumentAsync($"/admin/reports/{report}");
        Assert.Contains("리비전 1 보기", detail.QuerySelector("a.revision-link")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("지금은 리비전 2", detail.QuerySelector(".report-detail")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_mail_list_pages_and_keeps_its_status_filter()
    {
        await using (var db = factory.CreateDbContext())
        {
            var start = DateTimeOffset.UtcNow.AddYears(-1);
            db.AddRange(Enumerable.Range(1, 51).Select(i => new Platform.Web.Features.Mail.OutboxMessage
            {
                DedupeKey = $"test:paging:{i}",
                MessageId = $"paging-{i}@localhost",
                To = $"paging-{i}@example.com",
                Subject = "취소된 메일",
                Html = "<p>취소</p>",
                Text = "취소",
                Status = Platform.Web.Features.Mail.OutboxStatus.Cancelled,
                DueAt = start.AddMinutes(i),
                CreatedAt = start.AddMinutes(i),
            }));
            await db.SaveChangesAsync();
        }
        using var admin = await factory.AdminAsync();

        var first = await admin.GetDocumentAsync("/admin/mail?status=Cancelled");
        var next = first.QuerySelector(".admin-pager a[rel=next]")!.GetAttribute("href")!;
        Assert.Equal("/admin/mail?status=Cancelled&pageIndex=2", next);
        var second = await admin.GetDocumentAsync(next);

        // Newest first: the oldest message is on the second page only.
        Assert.DoesNotContain("paging-1@example.com", first.QuerySelector("#mail-list")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("paging-1@example.com", second.QuerySelector("#mail-list")!.TextContent, StringComparison.Ordinal);
        Assert.Single(second.QuerySelectorAll("#mail-list tbody tr"));
    }

    [Fact]
    public async Task A_parked_message_retried_by_an_admin_is_delivered()
    {
        var id = await factory.SeedParkedMailAsync("parked-retry@example.com");
        using var admin = await factory.AdminAsync();
        var parked = await admin.GetDocumentAsync("/admin/mail?status=Parked");
        Assert.Contains("parked-retry@example.com", parked.QuerySelector("#mail-list")!.TextContent, StringComparison.Ordinal);

        var response = await admin.PostFormAsync("/admin/mail?handler=Retry", new Dictionary<string, string> { ["messageId"] = id.ToString(CultureInfo.InvariantCulture) });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var mail = await factory.Smtp.WaitForMessageToAsync("parked-retry@example.com");
        Assert.Equal("보류된 메일", mail.Subject);
        await factory.WaitForOutboxAsync(rows => rows.Any(r => r.Key.Contains("parked-retry@example.com", StringComparison.Ordinal) && r.Value.Status == "sent"));
        var sent = await admin.GetDocumentAsync("/admin/mail?status=Sent");
        Assert.Contains("parked-retry@example.com", sent.QuerySelector("#mail-list")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Long_admin_lists_page_with_links_that_reach_the_next_page()
    {
        await using (var db = factory.CreateDbContext())
        {
            var start = DateTimeOffset.UtcNow.AddYears(-1);
            db.AddRange(Enumerable.Range(1, 51).Select(i => new Platform.Web.Features.Admin.AuditEntry
            {
                ActorId = "seed",
                ActorName = "옛 관리자",
                Action = "seed.paging",
                SubjectType = "seed",
                SubjectId = $"old-{i}",
                At = start.AddMinutes(i),
            }));
            await db.SaveChangesAsync();
        }
        using var admin = await factory.AdminAsync();

        var first = await admin.GetDocumentAsync("/admin/audit");
        var next = first.QuerySelector(".admin-pager a[rel=next]")!.GetAttribute("href")!;
        Assert.Equal("/admin/audit?pageIndex=2", next);
        var second = await admin.GetDocumentAsync(next);

        // The oldest seeded entry is on the second page only.
        Assert.DoesNotContain("old-1<", first.Body!.InnerHtml, StringComparison.Ordinal);
        Assert.Contains("old-1<", second.Body!.InnerHtml, StringComparison.Ordinal);
        Assert.Equal("/admin/audit?pageIndex=1", second.QuerySelector(".admin-pager a[rel=prev]")!.GetAttribute("href"));
    }

    [Fact]
    public async Task The_audit_log_shows_who_did_what_before_and_after_newest_first()
    {
        var id = await factory.SeedReportAsync();
        using var admin = await factory.AdminAsync(displayName: "감사 관리자");
        await admin.PostFormAsync($"/admin/reports/{id}?handler=Note", new Dictionary<string, string> { ["Note.Text"] = "먼저 남긴 메모" });
        await admin.PostFormAsync($"/admin/reports/{id}?handler=Status", new Dictionary<string, string>
        {
            ["Status.Status"] = "Triaged",
            ["Status.Version"] = (await factory.ReportVersionAsync(id)).ToString(CultureInfo.InvariantCulture),
        });

        var page = await admin.GetDocumentAsync("/admin/audit");

        var rows = page.QuerySelectorAll("#audit-log tbody tr").Take(2).Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToArray()).ToList();
        Assert.Equal(["감사 관리자", "신고 상태 변경", $"report #{id}", """{"status": "New", "duplicateOf": null}""", """{"status": "Triaged", "duplicateOf": null}"""], rows[0][1..]);
        Assert.Equal(["감사 관리자", "신고 메모 추가", $"report #{id}", "", """{"note": "먼저 남긴 메모"}"""], rows[1][1..]);
        await using var db = factory.CreateDbContext();
        Assert.Equal(2, await db.Set<AuditEntry>().CountAsync(a => a.SubjectType == "report" && a.SubjectId == id.ToString(CultureInfo.InvariantCulture)));
    }

    private async Task<int> SeedReportOnAsync(string course, string slug)
    {
        await using var db = factory.CreateDbContext();
        var lesson = await db.Lessons.Where(l => l.Course.Slug == course && l.Slug == slug)
            .Select(l => new { l.Id, Revision = l.Revisions.Single(r => r.Number == l.RevisionNumber) }).SingleAsync();
        var report = new ProblemReport
        {
            LessonId = lesson.Id,
            LessonRevisionId = lesson.Revision.Id,
            LessonRevisionNumber = lesson.Revision.Number,
            PageUrl = $"/courses/{course}/{slug}",
            Category = ReportCategory.ContentError,
            Description = "이 레슨의 설명이 틀렸어요.",
            CreatedAt = DateTimeOffset.UtcNow,
            UpdatedAt = DateTimeOffset.UtcNow,
        };
        db.Add(report);
        await db.SaveChangesAsync();
        return report.Id;
    }
}
