using System.Net;
using Microsoft.EntityFrameworkCore;
using Platform.Tests.Infrastructure;
using Platform.Web.Features.Comments;

namespace Platform.Tests.Comments;

/// "미리 보기": the comment as it would be posted, rendered on the server by the same sanitizing
/// pipeline, from a plain form post (the script only shows the same section in place).
public sealed class CommentPreviewTests(CommentsFactory factory) : IClassFixture<CommentsFactory>
{
    private const string Hostile = "**굵게** 그리고 [눌러](javascript:alert(1)) <script>alert(1)</script>\n\n- 목록";

    [Fact]
    public async Task A_learner_previews_a_comment_rendered_like_a_posted_one_and_nothing_is_stored()
    {
        await factory.CreateUserAsync("preview-a@example.com", displayName: "미리보는 사람");
        using var learner = await factory.SignedInClientAsync("preview-a@example.com");
        var lesson = await learner.GetDocumentAsync(CommentsFactory.Lesson);
        var button = lesson.QuerySelector("#comment-form button[data-comment-preview]")!;
        Assert.Equal("/comments/new?handler=Preview", button.GetAttribute("formaction"));
        Assert.True(button.HasAttribute("formnovalidate"));
        var before = await CountAsync();

        var response = await PreviewAsync(learner, lesson, "#comment-form", Hostile);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ParseAsync();
        var body = page.QuerySelector("#comment-preview .comment-body")!;
        Assert.Equal("굵게", body.QuerySelector("strong")!.TextContent);
        Assert.Equal("목록", body.QuerySelector("li")!.TextContent);
        Assert.Null(body.QuerySelector("script"));
        Assert.DoesNotContain("javascript:", body.InnerHtml, StringComparison.OrdinalIgnoreCase);
        // Exactly what posting stores for the same text.
        var markdown = new Platform.Web.Features.Lessons.LessonMarkdown("http://localhost:5080");
        Assert.Equal(markdown.RenderUserText(CommentText.Normalize(Hostile)).Trim(), body.InnerHtml.Trim());
        Assert.Equal(Hostile, page.QuerySelector("#comment-form textarea[name='Input.Body']")!.TextContent.Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.NotNull(page.QuerySelector("#comment-form button[data-comment-preview]"));
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task A_reply_can_be_previewed_and_an_empty_or_tokenless_preview_is_a_clear_400()
    {
        await factory.CreateUserAsync("preview-b@example.com");
        using var learner = await factory.SignedInClientAsync("preview-b@example.com");
        var root = await CommentsFactory.CommentAsync(learner, "질문이 있어요.");
        var lesson = await learner.GetDocumentAsync(CommentsFactory.Lesson);

        var replyForm = await learner.GetDocumentAsync(await CommentsFactory.ReplyPageAsync(learner, root));
        var reply = await PreviewAsync(learner, replyForm, "#comment-form", "`코드` 답글");
        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        var replyPage = await reply.ParseAsync();
        Assert.Equal("코드", replyPage.QuerySelector("#comment-preview .comment-body code")!.TextContent);
        Assert.Contains("질문이 있어요.", replyPage.QuerySelector(".comment-quote")!.TextContent, StringComparison.Ordinal);

        var empty = await PreviewAsync(learner, lesson, "#comment-form", "   ");
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        var emptyPage = await empty.ParseAsync();
        Assert.Equal(CommentText.EmptyMessage, emptyPage.QuerySelector(".comment-problem")!.TextContent.Trim());
        Assert.Null(emptyPage.QuerySelector("#comment-preview"));

        var tokenless = await learner.PostAsync("/comments/new?handler=Preview", new FormUrlEncodedContent(
            [new("Input.Lesson", "demo/first"), new("Input.Body", "안녕")]));
        Assert.Equal(HttpStatusCode.BadRequest, tokenless.StatusCode);

        var unknownLesson = await PreviewAsync(learner, lesson, "#comment-form", "안녕", lessonKey: "demo/no-such-lesson");
        Assert.Equal(HttpStatusCode.NotFound, unknownLesson.StatusCode);
    }

    [Fact]
    public async Task A_visitor_is_sent_to_sign_in_and_the_cached_lesson_page_has_no_preview_form()
    {
        using var visitor = factory.CreateBrowser();
        var lesson = await visitor.GetDocumentAsync(CommentsFactory.Lesson);
        Assert.Null(lesson.QuerySelector("button[data-comment-preview]"));
        Assert.NotNull(lesson.QuerySelector("script[src^='/js/comment-preview.js']"));

        var response = await visitor.PostAsync("/comments/new?handler=Preview", new FormUrlEncodedContent([new("Input.Body", "안녕")]));
        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.BadRequest, $"{(int)response.StatusCode}");
    }

    [Fact]
    public async Task An_admins_comment_carries_the_staff_badge_and_a_learner_made_admin_gets_it_on_the_cached_page()
    {
        await factory.CreateUserAsync("staff@example.com", admin: true, displayName: "운영자");
        var learnerUser = await factory.CreateUserAsync("soon-staff@example.com", displayName: "곧 운영자");
        using var staff = await factory.SignedInClientAsync("staff@example.com");
        using var learner = await factory.SignedInClientAsync("soon-staff@example.com");
        var staffComment = await CommentsFactory.CommentAsync(staff, "운영진 답변이에요.", lesson: CommentsFactory.OtherLesson);
        var learnerComment = await CommentsFactory.CommentAsync(learner, "학습자 댓글이에요.", lesson: CommentsFactory.OtherLesson);
        using var visitor = factory.CreateBrowser();

        var page = await visitor.GetDocumentAsync(CommentsFactory.OtherLesson);
        Assert.Equal("운영진", page.QuerySelector($"#comment-{staffComment} .comment-meta .staff-badge")!.TextContent.Trim());
        Assert.Null(page.QuerySelector($"#comment-{learnerComment} .staff-badge"));

        await factory.ExecuteAsync(
            "INSERT INTO user_roles (user_id, role_id) SELECT @user, id FROM roles WHERE name = 'Admin'", ("user", learnerUser.Id));
        // The role change is announced like a renamed author: every instance drops its copies.
        Assert.True(await Eventually.HoldsAsync(
            () => visitor.GetStringAsync(CommentsFactory.OtherLesson),
            html => new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html).QuerySelector($"#comment-{learnerComment} .staff-badge") is not null));
    }

    /// What the browser sends when the preview button of <paramref name="formSelector"/> is pressed.
    private static async Task<HttpResponseMessage> PreviewAsync(
        HttpClient client, AngleSharp.Html.Dom.IHtmlDocument page, string formSelector, string body, string? lessonKey = null)
    {
        var form = page.QuerySelector(formSelector)!;
        var values = form.QuerySelectorAll("input[type=hidden]")
            .Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value")!))
            .Where(v => lessonKey is null || v.Key != "Input.Lesson")
            .ToList();
        if (lessonKey is not null)
        {
            values.Add(new("Input.Lesson", lessonKey));
        }
        values.Add(new("Input.Body", body));
        var action = form.QuerySelector("button[data-comment-preview]")!.GetAttribute("formaction")!;
        return await client.PostAsync(action, new FormUrlEncodedContent(values));
    }

    private async Task<int> CountAsync()
    {
        await using var db = factory.CreateDbContext();
        return await db.Set<Comment>().CountAsync();
    }
}
