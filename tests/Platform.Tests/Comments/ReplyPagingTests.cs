using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Platform.Tests.Infrastructure;
using Platform.Web.Features.Comments;

namespace Platform.Tests.Comments;

public sealed class ReplyPagingTests(CommentsFactory factory) : IClassFixture<CommentsFactory>
{
    [Fact]
    public async Task A_long_thread_shows_its_latest_replies_and_links_to_the_earlier_ones_without_script()
    {
        var user = await factory.CreateUserAsync("long-thread@example.com");
        long rootId;
        var replyIds = new List<long>();
        await using (var db = factory.CreateDbContext())
        {
            var lessonId = await db.Lessons.Where(l => l.Slug == "second").Select(l => l.Id).SingleAsync();
            var start = DateTimeOffset.UtcNow.AddDays(-1);
            var root = new Comment { LessonId = lessonId, AuthorId = user.Id, BodyMarkdown = "긴 스레드", BodyHtml = "<p>긴 스레드</p>", CreatedAt = start };
            db.Add(root);
            await db.SaveChangesAsync();
            rootId = root.Id;
            var replies = Enumerable.Range(1, 60).Select(i => new Comment
            {
                LessonId = lessonId,
                AuthorId = user.Id,
                ThreadId = rootId,
                BodyMarkdown = $"답글 {i}",
                BodyHtml = $"<p>답글 {i}</p>",
                CreatedAt = start.AddMinutes(i),
            }).ToList();
            db.AddRange(replies);
            await db.SaveChangesAsync();
            replyIds.AddRange(replies.Select(r => r.Id));
        }
        using var visitor = factory.CreateClient();

        var lessonPage = await visitor.GetDocumentAsync(CommentsFactory.OtherLesson);
        var thread = lessonPage.QuerySelector($"#comment-{rootId}")!.ParentElement!;
        var shown = thread.QuerySelectorAll(".comment-replies .comment-body").Select(b => b.TextContent.Trim()).ToList();
        var shownAtMost = new CommentOptions().RepliesShown;
        Assert.Equal(Enumerable.Range(61 - shownAtMost, shownAtMost).Select(i => $"답글 {i}"), shown);
        var earlier = thread.QuerySelector(".earlier-replies a")!;
        Assert.Equal($"이전 답글 {60 - shownAtMost}개 보기", earlier.TextContent.Trim());
        // A screen reader hears what the list is, numbers filled in.
        Assert.Equal($"답글 60개 중 최근 {shownAtMost}개", thread.QuerySelector(".comment-replies")!.GetAttribute("aria-label"));

        // A plain link to the thread's own page, 50 replies a page, oldest first.
        var lastPage = await visitor.GetDocumentAsync(earlier.GetAttribute("href")!);
        Assert.Equal(
            Enumerable.Range(51, 10).Select(i => $"답글 {i}"),
            lastPage.QuerySelectorAll(".comment-replies .comment-body").Select(b => b.TextContent.Trim()));
        Assert.Equal("답글 2 / 2 페이지", lastPage.QuerySelector(".comment-replies")!.GetAttribute("aria-label"));
        var firstPage = await visitor.GetDocumentAsync(lastPage.QuerySelector(".comments-pager a[rel=prev]")!.GetAttribute("href")!);
        var firstReplies = firstPage.QuerySelectorAll(".comment-replies .comment-body").Select(b => b.TextContent.Trim()).ToList();
        Assert.Equal(50, firstReplies.Count);
        Assert.Equal("답글 1", firstReplies[0]);
        Assert.Equal("긴 스레드", firstPage.QuerySelector($"#comment-{rootId} .comment-body")!.TextContent.Trim());
        var past = await visitor.GetDocumentAsync($"/comments/{rootId}/replies?pageIndex=99999");
        Assert.Equal("답글 60", past.QuerySelectorAll(".comment-replies .comment-body")[^1].TextContent.Trim());
        await visitor.GetDocumentAsync($"/comments/{replyIds[0]}/replies", System.Net.HttpStatusCode.NotFound);

        // A link to an early reply (from mail or a notification) lands on the page that shows it.
        var permalink = await factory.CreateClient(new() { AllowAutoRedirect = false }).GetAsync($"/comments/{replyIds[2]}");
        Assert.Equal(
            string.Create(CultureInfo.InvariantCulture, $"/comments/{rootId}/replies?pageIndex=1#comment-{replyIds[2]}"),
            permalink.Headers.Location!.OriginalString);
        var latest = await factory.CreateClient(new() { AllowAutoRedirect = false }).GetAsync($"/comments/{replyIds[^1]}");
        Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"/courses/demo/second#comment-{replyIds[^1]}"), latest.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_thread_page_of_a_missing_or_reply_comment_is_not_found()
    {
        using var visitor = factory.CreateClient();
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await visitor.GetAsync("/comments/987654321/replies")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await visitor.GetAsync("/comments/abc/replies")).StatusCode);
    }
}
