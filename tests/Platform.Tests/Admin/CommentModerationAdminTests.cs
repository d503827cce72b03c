using System.Globalization;
using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Tests.Comments;
using Platform.Tests.Infrastructure;
using Platform.Web.Features.Admin;
using Platform.Web.Features.Comments;

namespace Platform.Tests.Admin;

/// /admin/comments (the flag queue and the hidden comments), the dashboard's count, and the user
/// page's comments: what an admin sees and what their decisions do to the lesson page.
public sealed class CommentModerationAdminTests(AdminFactory factory) : IClassFixture<AdminFactory>
{
    private const string Lesson = "/courses/demo/intro";

    [Fact]
    public async Task Three_flags_hide_a_comment_an_admin_restores_it_from_the_queue_and_visitors_see_it_again()
    {
        var authorEmail = $"author-{Guid.NewGuid():N}@example.com";
        await factory.CreateUserAsync(authorEmail, displayName: "글쓴이");
        using var author = await factory.SignedInClientAsync(authorEmail);
        var id = await CommentsFactory.CommentAsync(author, "논쟁이 붙은 댓글", lesson: Lesson);
        for (var i = 1; i <= CommentModeration.FlagsToHide; i++)
        {
            var (flagger, flaggerId) = await factory.LearnerAsync();
            await factory.GiveStandingAsync(flaggerId);
            using (flagger)
            {
                var flagged = await flagger.SubmitFormAsync($"/comments/{id}/flag", "#flag-form",
                    new Dictionary<string, string> { ["Input.Reason"] = "욕설·괴롭힘", ["Input.Detail"] = $"신고 {i}" });
                Assert.Equal(HttpStatusCode.OK, flagged.StatusCode);
            }
        }
        using var visitor = factory.Visitor();
        var hidden = await visitor.GetDocumentAsync(Lesson);
        Assert.Equal("관리자에 의해 숨겨진 댓글입니다", hidden.QuerySelector($"#comment-{id} .comment-placeholder")!.TextContent);

        using var admin = await factory.AdminAsync(displayName: "관리자 복원");
        var queue = await admin.GetDocumentAsync("/admin/comments");
        var item = queue.QuerySelector($"#queued-{id}")!;
        Assert.Contains("논쟁이 붙은 댓글", item.QuerySelector(".moderation-excerpt")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("글쓴이", item.QuerySelector(".moderation-author")!.TextContent);
        Assert.Equal("시작하기", item.QuerySelector($"a[href='/comments/{id}']")!.TextContent);
        Assert.Equal("신고 3건", item.QuerySelector(".flag-count")!.TextContent);
        Assert.Equal(["욕설·괴롭힘: 신고 1", "욕설·괴롭힘: 신고 2", "욕설·괴롭힘: 신고 3"], item.QuerySelectorAll(".moderation-reasons li").Select(li => li.TextContent));
        Assert.Equal("자동 숨김", item.QuerySelector(".moderation-state")!.TextContent);

        var restored = await admin.SubmitFormAsync("/admin/comments", $"#queued-{id} form[action*='handler=Restore']", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, restored.StatusCode);
        var after = await admin.GetDocumentAsync(restored.Headers.Location!.OriginalString);
        Assert.Equal($"댓글 #{id}을(를) 복원했어요. 다시 모두에게 보여요.", after.QuerySelector(".admin-message")!.TextContent);
        Assert.Null(after.QuerySelector($"#queued-{id}"));
        var shown = await visitor.GetDocumentAsync(Lesson);
        Assert.Equal("논쟁이 붙은 댓글", shown.QuerySelector($"#comment-{id} .comment-body")!.TextContent.Trim());
        var audit = await LastAuditAsync(id);
        Assert.Equal((AuditActions.CommentRestore, "관리자 복원"), (audit.Action, audit.ActorName));
        Assert.Contains("\"state\": \"hidden\"", audit.Before, StringComparison.Ordinal);
        Assert.Contains("\"openFlags\": 3", audit.Before, StringComparison.Ordinal);
        Assert.Contains("\"state\": \"visible\"", audit.After, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_hides_a_flagged_comment_with_a_reason_and_can_restore_it_from_the_hidden_list()
    {
        var id = await factory.SeedCommentAsync("광고 링크가 달린 댓글", flags: 1);
        using var admin = await factory.AdminAsync(displayName: "관리자 숨김");
        using var visitor = factory.Visitor();
        Assert.Contains("광고 링크가 달린 댓글", (await visitor.GetDocumentAsync(Lesson)).QuerySelector("#comments")!.TextContent, StringComparison.Ordinal);
        var queue = await admin.GetDocumentAsync("/admin/comments");
        Assert.Equal("보이는 중", queue.QuerySelector($"#queued-{id} .moderation-state")!.TextContent);

        var response = await admin.SubmitFormAsync("/admin/comments", $"#queued-{id} form[action*='handler=Hide']",
            new Dictionary<string, string> { ["Input.Reason"] = "홍보 링크" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var after = await admin.GetDocumentAsync(response.Headers.Location!.OriginalString);
        Assert.StartsWith($"댓글 #{id}을(를) 숨겼어요.", after.QuerySelector(".admin-message")!.TextContent, StringComparison.Ordinal);
        Assert.Null(after.QuerySelector($"#queued-{id}"));
        var page = await visitor.GetDocumentAsync(Lesson);
        Assert.Equal("관리자에 의해 숨겨진 댓글입니다", page.QuerySelector($"#comment-{id} .comment-placeholder")!.TextContent);
        Assert.DoesNotContain("광고 링크가 달린 댓글", page.QuerySelector("#comments")!.TextContent, StringComparison.Ordinal);
        var audit = await LastAuditAsync(id);
        Assert.Equal(AuditActions.CommentHide, audit.Action);
        Assert.Contains("\"hiddenReason\": \"홍보 링크\"", audit.After, StringComparison.Ordinal);

        var hiddenList = await admin.GetDocumentAsync("/admin/comments?view=hidden");
        var row = hiddenList.QuerySelector($"#hidden-comments tr[data-comment='{id}']")!;
        var cells = row.QuerySelectorAll("td:not(.bulk-cell)").Select(c => c.TextContent.Trim()).ToArray();
        Assert.Equal("광고 링크가 달린 댓글", cells[0]);
        Assert.Contains("관리자 숨김", cells[3], StringComparison.Ordinal);
        Assert.Equal("홍보 링크", cells[4]);

        var restored = await admin.SubmitFormAsync("/admin/comments?view=hidden", $"#hidden-comments tr[data-comment='{id}'] form[action*='handler=Restore']",
            new Dictionary<string, string>());

        Assert.Equal("/admin/comments?view=hidden", restored.Headers.Location!.OriginalString);
        var empty = await admin.GetDocumentAsync("/admin/comments?view=hidden");
        Assert.Null(empty.QuerySelector($"#hidden-comments tr[data-comment='{id}']"));
        Assert.Contains("광고 링크가 달린 댓글", (await visitor.GetDocumentAsync(Lesson)).QuerySelector("#comments")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_hidden_list_pages_by_thirty_newest_first()
    {
        var author = await factory.CreateUserAsync($"hidden-many-{Guid.NewGuid():N}@example.com");
        var ids = new List<long>();
        for (var i = 0; i < 31; i++)
        {
            ids.Add(await factory.SeedCommentAsync($"숨긴 댓글 {i}", hidden: true, authorId: author.Id));
        }
        using var admin = await factory.AdminAsync();

        var first = await admin.GetDocumentAsync("/admin/comments?view=hidden");
        var next = first.QuerySelector(".admin-pager a[rel=next]")!.GetAttribute("href")!;
        var second = await admin.GetDocumentAsync(next);

        static IEnumerable<long> Rows(IHtmlDocument page) =>
            page.QuerySelectorAll("#hidden-comments tbody tr").Select(r => long.Parse(r.GetAttribute("data-comment")!, CultureInfo.InvariantCulture));
        Assert.Equal("/admin/comments?view=hidden&pageIndex=2", next);
        Assert.Equal(30, Rows(first).Count());
        Assert.Equal(ids[^1], Rows(first).First());
        Assert.Empty(Rows(first).Intersect(Rows(second)));
        Assert.Contains("2 / ", second.QuerySelector(".admin-pager")!.TextContent, StringComparison.Ordinal);
        Assert.Null(second.QuerySelector(".validation-summary-errors"));
    }

    [Fact]
    public async Task Hiding_without_a_reason_is_refused_with_a_Korean_message_and_changes_nothing()
    {
        var id = await factory.SeedCommentAsync("사유 없이 숨기려는 댓글", flags: 1);
        using var admin = await factory.AdminAsync();

        var response = await admin.SubmitFormAsync("/admin/comments", $"#queued-{id} form[action*='handler=Hide']",
            new Dictionary<string, string> { ["Input.Reason"] = "  " });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Contains("숨기는 사유를 적어 주세요.", page.QuerySelector(".validation-summary-errors")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector($"#queued-{id}"));
        Assert.Null((await factory.CommentAsync(id)).HiddenAt);
    }

    [Fact]
    public async Task An_admin_deletes_a_flagged_comment_from_the_queue_and_the_thread_shows_a_placeholder()
    {
        var id = await factory.SeedCommentAsync("지워야 할 댓글", flags: 2);
        using var admin = await factory.AdminAsync();

        var response = await admin.SubmitFormAsync("/admin/comments", $"#queued-{id} form[action*='handler=Delete']", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var after = await admin.GetDocumentAsync(response.Headers.Location!.OriginalString);
        Assert.StartsWith($"댓글 #{id}을(를) 삭제했어요.", after.QuerySelector(".admin-message")!.TextContent, StringComparison.Ordinal);
        Assert.Null(after.QuerySelector($"#queued-{id}"));
        using var visitor = factory.Visitor();
        var page = await visitor.GetDocumentAsync(Lesson);
        Assert.Equal("삭제된 댓글입니다", page.QuerySelector($"#comment-{id} .comment-placeholder")!.TextContent);
        Assert.Equal(AuditActions.CommentDelete, (await LastAuditAsync(id)).Action);

        var again = await admin.PostFormAsync("/admin/comments?handler=Delete",
            new Dictionary<string, string> { ["Input.CommentId"] = id.ToString(CultureInfo.InvariantCulture) });
        var repeated = await admin.GetDocumentAsync(again.Headers.Location!.OriginalString);
        Assert.Equal($"댓글 #{id}은(는) 이미 삭제됐어요.", repeated.QuerySelector(".admin-message")!.TextContent);
        await using var db = factory.CreateDbContext();
        Assert.Equal(1, await db.Set<AuditEntry>().CountAsync(a => a.SubjectType == "comment" && a.SubjectId == id.ToString(CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task An_unknown_comment_is_a_404()
    {
        using var admin = await factory.AdminAsync();

        var response = await admin.PostFormAsync("/admin/comments?handler=Restore", new Dictionary<string, string> { ["Input.CommentId"] = "987654321" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_decision_whose_audit_row_fails_is_not_applied()
    {
        var id = await factory.SeedCommentAsync("그대로 남을 댓글", flags: 1);
        var admin = await factory.CreateUserAsync($"admin-{Guid.NewGuid():N}@example.com", admin: true);
        var moderation = factory.Services.GetRequiredService<CommentModeration>();

        await using (var db = factory.CreateDbContext())
        {
            // An actor name longer than the column allows: the audit insert fails inside the decision's transaction.
            await Assert.ThrowsAsync<DbUpdateException>(() => moderation.HideAsync(db, id, admin.Id, "광고", _ => db.Add(new AuditEntry
            {
                ActorId = admin.Id,
                ActorName = new string('가', 200),
                Action = AuditActions.CommentHide,
                SubjectType = "comment",
                SubjectId = id.ToString(CultureInfo.InvariantCulture),
            })));
        }

        Assert.Null((await factory.CommentAsync(id)).HiddenAt);
        await using var check = factory.CreateDbContext();
        Assert.Equal(1, await check.Set<CommentFlag>().CountAsync(f => f.CommentId == id && f.ResolvedAt == null));
    }

    [Fact]
    public async Task The_dashboard_counts_comments_with_open_flags_and_those_hidden_by_flags()
    {
        using var admin = await factory.AdminAsync();
        var before = await admin.GetDocumentAsync("/admin");

        await factory.SeedCommentAsync(flags: 1);
        await factory.SeedCommentAsync(flags: 3, hidden: true);
        await factory.SeedCommentAsync(flags: 0);

        var after = await admin.GetDocumentAsync("/admin");
        Assert.Equal(Count(before, "#flagged-comments") + 2, Count(after, "#flagged-comments"));
        var card = after.QuerySelector("#flagged-comments")!.Closest("li")!;
        var autoHidden = int.Parse(card.QuerySelector(".muted")!.TextContent.Replace("자동 숨김", "", StringComparison.Ordinal).Replace("건", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture);
        Assert.True(autoHidden >= 1);
        var queue = await admin.GetDocumentAsync("/admin/comments");
        Assert.Equal($"신고된 댓글 ({Count(after, "#flagged-comments")})", queue.QuerySelector(".admin-tabs a[aria-current=page]")!.TextContent);
    }

    [Fact]
    public async Task The_user_page_lists_the_users_latest_comments_with_lesson_links_and_state()
    {
        var user = await factory.CreateUserAsync($"commenter-{Guid.NewGuid():N}@example.com");
        var visible = await factory.SeedCommentAsync("보이는 댓글", authorId: user.Id);
        var hidden = await factory.SeedCommentAsync("숨겨진 댓글", flags: 3, hidden: true, authorId: user.Id);
        var deleted = await factory.SeedCommentAsync("삭제된 댓글", authorId: user.Id);
        await using (var db = factory.CreateDbContext())
        {
            await db.Set<Comment>().Where(c => c.Id == deleted).ExecuteUpdateAsync(s => s.SetProperty(c => c.DeletedAt, DateTimeOffset.UtcNow));
        }
        using var admin = await factory.AdminAsync();

        var page = await admin.GetDocumentAsync($"/admin/users/{user.Id}");

        var rows = page.QuerySelectorAll("#user-comments tbody tr");
        Assert.Equal([deleted, hidden, visible], rows.Select(r => long.Parse(r.GetAttribute("data-comment")!, CultureInfo.InvariantCulture)));
        Assert.Equal(["삭제됨", "숨김신고3건", "보임"], rows.Select(r => string.Concat(r.QuerySelector(".comment-state")!.TextContent.Where(c => !char.IsWhiteSpace(c)))));
        Assert.Equal("숨겨진 댓글", rows[1].QuerySelector("td")!.TextContent);
        Assert.Equal("시작하기", rows[1].QuerySelector($"a[href='/comments/{hidden}']")!.TextContent);
        Assert.Contains("댓글 (3)", page.QuerySelectorAll("h2").Select(h => h.TextContent));
    }

    private static int Count(IHtmlDocument page, string selector) => int.Parse(page.QuerySelector(selector)!.TextContent, CultureInfo.InvariantCulture);

    private async Task<AuditEntry> LastAuditAsync(long commentId)
    {
        await using var db = factory.CreateDbContext();
        return await db.Set<AuditEntry>().AsNoTracking()
            .Where(a => a.SubjectType == "comment" && a.SubjectId == commentId.ToString(CultureInfo.InvariantCulture))
            .OrderByDescending(a => a.Id).FirstAsync();
    }
}
