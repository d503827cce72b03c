using System.Globalization;
using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Platform.Tests.Infrastructure;
using Platform.Web.Features.Admin;
using Platform.Web.Features.Reports;

namespace Platform.Tests.Admin;

/// Several flagged comments or reports, one decision, one POST from a plain form (the checkboxes
/// belong to the bulk form through their form attribute, so no script is needed), one audit row each.
public sealed class BulkModerationTests(AdminFactory factory) : IClassFixture<AdminFactory>
{
    [Fact]
    public async Task An_admin_hides_several_flagged_comments_at_once_and_restores_them_from_the_hidden_list()
    {
        var first = await factory.SeedCommentAsync("광고 하나", flags: 1);
        var second = await factory.SeedCommentAsync("광고 둘", flags: 2);
        var untouched = await factory.SeedCommentAsync("그냥 두는 댓글", flags: 1);
        using var admin = await factory.AdminAsync(displayName: "일괄 관리자");

        var queue = await admin.GetDocumentAsync("/admin/comments");
        Assert.NotNull(queue.QuerySelector("form#bulk-comments select[name='Bulk.Action']"));
        var boxes = queue.QuerySelectorAll("input.bulk-select[form=bulk-comments]").Select(c => c.GetAttribute("value")!).ToList();
        Assert.All([first, second, untouched], i => Assert.Contains(i.ToString(CultureInfo.InvariantCulture), boxes));

        var hidden = await PostBulkAsync(admin, "/admin/comments", "#bulk-comments", [first, second, 999_999], "hide", reason: "홍보 링크");

        Assert.Equal(HttpStatusCode.Redirect, hidden.StatusCode);
        var after = await admin.GetDocumentAsync(hidden.Headers.Location!.OriginalString);
        Assert.Equal("댓글 2개를 숨겼어요. 1개는 건너뛰었어요: #999999 (없거나 삭제된 댓글)", after.QuerySelector(".admin-message")!.TextContent);
        Assert.Equal(("홍보 링크", "홍보 링크"), ((await factory.CommentAsync(first)).HiddenReason, (await factory.CommentAsync(second)).HiddenReason));
        Assert.Null((await factory.CommentAsync(untouched)).HiddenAt);
        Assert.NotNull(after.QuerySelector($"#queued-{untouched}"));
        Assert.Null(after.QuerySelector($"#queued-{first}"));
        Assert.Equal([AuditActions.CommentHide], await AuditAsync("comment", first));
        Assert.Equal([AuditActions.CommentHide], await AuditAsync("comment", second));

        var restored = await PostBulkAsync(admin, "/admin/comments?view=hidden", "#bulk-comments", [first, second], "restore");

        Assert.Equal(HttpStatusCode.Redirect, restored.StatusCode);
        var list = await admin.GetDocumentAsync(restored.Headers.Location!.OriginalString);
        Assert.Equal("댓글 2개를 복원하거나 신고를 닫았어요.", list.QuerySelector(".admin-message")!.TextContent);
        Assert.Null((await factory.CommentAsync(first)).HiddenAt);
        Assert.Equal([AuditActions.CommentHide, AuditActions.CommentRestore], await AuditAsync("comment", second));

        // Restoring a visible comment with open flags closes its flags ("dismiss"), and says so once.
        var dismissed = await PostBulkAsync(admin, "/admin/comments", "#bulk-comments", [untouched, first], "restore");
        var dismissedPage = await admin.GetDocumentAsync(dismissed.Headers.Location!.OriginalString);
        Assert.Equal("댓글 1개를 복원하거나 신고를 닫았어요. 댓글 1개는 이미 그 상태였어요.", dismissedPage.QuerySelector(".admin-message")!.TextContent);
        Assert.Null(dismissedPage.QuerySelector($"#queued-{untouched}"));
    }

    [Fact]
    public async Task A_bulk_comment_decision_without_items_action_reason_or_token_is_a_clear_400()
    {
        var id = await factory.SeedCommentAsync("신고된 댓글", flags: 1);
        using var admin = await factory.AdminAsync();

        var none = await PostBulkAsync(admin, "/admin/comments", "#bulk-comments", [], "hide", reason: "스팸");
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        Assert.Contains("처리할 항목을 하나 이상 골라 주세요.", (await none.ParseAsync()).QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);

        var unknown = await PostBulkAsync(admin, "/admin/comments", "#bulk-comments", [id], "drop-table");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("할 일을 골라 주세요.", (await unknown.ParseAsync()).QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);

        var noReason = await PostBulkAsync(admin, "/admin/comments", "#bulk-comments", [id], "hide");
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("사유를 적어 주세요", (await noReason.ParseAsync()).QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);

        var tooMany = await PostBulkAsync(admin, "/admin/comments", "#bulk-comments", [.. Enumerable.Range(1, 101).Select(i => (long)i)], "restore");
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);

        var notANumber = await admin.PostFormAsync("/admin/comments?handler=Bulk", new Dictionary<string, string> { ["Bulk.Ids"] = "abc", ["Bulk.Action"] = "restore" });
        Assert.Equal(HttpStatusCode.BadRequest, notANumber.StatusCode);

        var noToken = await admin.PostFormAsync("/admin/comments?handler=Bulk",
            new Dictionary<string, string> { ["Bulk.Ids"] = id.ToString(CultureInfo.InvariantCulture), ["Bulk.Action"] = "restore" }, withToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        Assert.Null((await factory.CommentAsync(id)).HiddenAt);
        Assert.Empty(await AuditAsync("comment", id));
    }

    [Fact]
    public async Task An_admin_resolves_several_reports_at_once_each_audited_and_a_report_changed_meanwhile_is_left_alone()
    {
        var first = await factory.SeedReportAsync("bulk-one@example.com");
        var second = await factory.SeedReportAsync("bulk-two@example.com");
        var raced = await factory.SeedReportAsync("bulk-three@example.com");
        using var admin = await factory.AdminAsync(displayName: "일괄 신고 관리자");
        var queue = await admin.GetDocumentAsync("/admin/reports");
        Assert.Equal(3, queue.QuerySelectorAll("#report-queue input.bulk-select[form=bulk-reports]").Length);

        // Another admin moves one of them after this page was rendered.
        var other = await admin.SubmitFormAsync($"/admin/reports/{raced}", "form[action*='handler=Status']",
            new Dictionary<string, string> { ["Status.Status"] = "Triaged" });
        Assert.Equal(HttpStatusCode.Redirect, other.StatusCode);

        var response = await PostBulkAsync(admin, "/admin/reports", "#bulk-reports", [first, second, raced], "Fixed", page: queue);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var after = await admin.GetDocumentAsync(response.Headers.Location!.OriginalString);
        Assert.Equal(
            $"신고 2건의 상태를 '수정됨'(으)로 바꿨어요. 신고자 2명에게 결과 메일을 보내요. 1개는 건너뛰었어요: #{raced} (다른 관리자가 방금 바꿈)",
            after.QuerySelector(".admin-message")!.TextContent);
        Assert.Equal((ReportStatus.Fixed, ReportStatus.Fixed, ReportStatus.Triaged),
            ((await factory.ReportAsync(first)).Status, (await factory.ReportAsync(second)).Status, (await factory.ReportAsync(raced)).Status));
        Assert.Equal([AuditActions.ReportStatus], await AuditAsync("report", first));
        Assert.Equal([AuditActions.ReportStatus], await AuditAsync("report", second));
        await factory.Smtp.WaitForMessageToAsync("bulk-one@example.com");
        await factory.Smtp.WaitForMessageToAsync("bulk-two@example.com");
        // Open reports only (the default filter): the two fixed ones left the queue.
        Assert.Equal([raced.ToString(CultureInfo.InvariantCulture)],
            after.QuerySelectorAll("#report-queue tbody tr").Select(r => r.GetAttribute("data-report")!));

        var duplicate = await PostBulkAsync(admin, "/admin/reports", "#bulk-reports", [raced], "Duplicate");
        Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);
        Assert.Contains("할 일을 골라 주세요.", (await duplicate.ParseAsync()).QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
        var none = await PostBulkAsync(admin, "/admin/reports", "#bulk-reports", [], "Fixed");
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        Assert.Equal(ReportStatus.Triaged, (await factory.ReportAsync(raced)).Status);
    }

    /// What a browser sends for the bulk form: its token, the ticked checkboxes (with the page's
    /// hidden fields that belong to the form, such as versions) and the chosen action.
    private static async Task<HttpResponseMessage> PostBulkAsync(
        HttpClient admin, string url, string formSelector, IEnumerable<long> ids, string action, string? reason = null, IHtmlDocument? page = null)
    {
        page ??= await admin.GetDocumentAsync(url);
        var form = (IHtmlFormElement)page.QuerySelector(formSelector)!;
        var formId = form.Id!;
        var values = new List<KeyValuePair<string, string>>
        {
            new("__RequestVerificationToken", page.AntiforgeryToken()),
            new("Bulk.Action", action),
        };
        values.AddRange(page.QuerySelectorAll($"input[type=hidden][form={formId}]")
            .Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value")!)));
        values.AddRange(ids.Select(id => new KeyValuePair<string, string>("Bulk.Ids", id.ToString(CultureInfo.InvariantCulture))));
        if (reason is not null)
        {
            values.Add(new("Bulk.Reason", reason));
        }
        return await admin.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(values));
    }

    private async Task<List<string>> AuditAsync(string subjectType, long id)
    {
        await using var db = factory.CreateDbContext();
        return await db.Set<AuditEntry>().AsNoTracking()
            .Where(a => a.SubjectType == subjectType && a.SubjectId == id.ToString(CultureInfo.InvariantCulture))
            .OrderBy(a => a.Id).Select(a => a.Action).ToListAsync();
    }
}
