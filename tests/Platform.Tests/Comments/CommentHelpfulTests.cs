using System.Net;
using System.Net.Http.Json;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Platform.Tests.Infrastructure;
using Platform.Web.Features.Comments;

namespace Platform.Tests.Comments;

/// "도움돼요" on comments (one per person, toggled, never on one's own, rate limited) and the order
/// of a lesson's threads (oldest, newest, most helpful), through the lesson page's plain forms and
/// links, on the real database.
public sealed class CommentHelpfulTests(CommentHelpfulTests.Factory factory) : IClassFixture<CommentHelpfulTests.Factory>
{
    public sealed class Factory : CommentsFactory
    {
        public const int MarksPerWindow = 6;

        protected override IEnumerable<(string Key, string Value)> Settings() =>
        [
            .. base.Settings(),
            ($"RateLimits:{HelpfulToggleModel.RateLimit}:PermitLimit", MarksPerWindow.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ($"RateLimits:{HelpfulToggleModel.RateLimit}:Window", "01:00:00"),
            ("Comments:ThreadsPerPage", "2"),
            ("Comments:RepliesShown", "1"),
        ];
    }

    private const string SortLesson = "/courses/demo/third";

    [Fact]
    public async Task A_learner_marks_a_comment_helpful_once_takes_it_back_and_the_count_follows()
    {
        var (author, _) = await factory.LearnerAsync("helpful-author");
        var (reader, _) = await factory.LearnerAsync("helpful-reader");
        var (other, _) = await factory.LearnerAsync("helpful-other");
        using var _a = author; using var _r = reader; using var _o = other;
        var comment = await CommentsFactory.CommentAsync(author, "도움이 될 만한 설명이에요.", lesson: CommentsFactory.OtherLesson);
        var url = await PageOfAsync(comment);

        var before = await reader.GetDocumentAsync(url);
        Assert.Equal("false", Button(before, comment).GetAttribute("aria-pressed"));
        Assert.Equal("0", Count(before, comment));

        var marked = await MarkAsync(reader, url, comment);
        Assert.Equal(HttpStatusCode.Redirect, marked.StatusCode);
        Assert.EndsWith($"#comment-{comment}", marked.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var after = await reader.GetDocumentAsync(url);
        Assert.Equal("true", Button(after, comment).GetAttribute("aria-pressed"));
        Assert.Equal("1", Count(after, comment));
        Assert.Equal("false", after.QuerySelector($"#comment-{comment} button[name=helpful]")!.GetAttribute("value"));

        // The same mark posted twice (a double click, a replayed form) is still one mark.
        var again = await PostMarkAsync(reader, before, comment, helpful: true);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal(1, await MarksAsync(comment));

        var second = await MarkAsync(other, url, comment);
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.Equal("2", Count(await reader.GetDocumentAsync(url), comment));

        // Pressed again: the mark is taken back, the other learner's stays.
        var taken = await MarkAsync(reader, url, comment);
        Assert.Equal(HttpStatusCode.Redirect, taken.StatusCode);
        var final = await reader.GetDocumentAsync(url);
        Assert.Equal("false", Button(final, comment).GetAttribute("aria-pressed"));
        Assert.Equal("1", Count(final, comment));
        Assert.Equal(1, await MarksAsync(comment));

        // The script's request: the same form, answered with the new state as JSON.
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/comments/{comment}/helpful")
        {
            Content = new FormUrlEncodedContent([new("helpful", "true"), new("__RequestVerificationToken", final.AntiforgeryToken())]),
        };
        request.Headers.Accept.ParseAdd("application/json");
        var json = await reader.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        var state = await json.Content.ReadFromJsonAsync<HelpfulAnswer>();
        Assert.Equal(new HelpfulAnswer(true, 2), state);
    }

    [Fact]
    public async Task The_author_gets_no_button_and_a_mark_on_ones_own_comment_is_refused_with_a_message()
    {
        var (author, _) = await factory.LearnerAsync("own-author");
        var (reader, _) = await factory.LearnerAsync("own-reader");
        using var _a = author; using var _r = reader;
        var comment = await CommentsFactory.CommentAsync(author, "내가 쓴 댓글", lesson: CommentsFactory.OtherLesson);
        var url = await PageOfAsync(comment);
        Assert.Equal(HttpStatusCode.Redirect, (await MarkAsync(reader, url, comment)).StatusCode);

        var page = await author.GetDocumentAsync(url);
        Assert.Null(page.QuerySelector($"#comment-{comment} button[name=helpful]"));
        Assert.Equal("도움돼요 1", page.QuerySelector($"#comment-{comment} .helpful-count")!.TextContent.Trim());

        var refused = await PostMarkAsync(author, page, comment, helpful: true);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("내 댓글에는 도움돼요를 누를 수 없어요.", (await refused.ParseAsync()).QuerySelector(".comment-problem")!.TextContent.Trim());
        Assert.Equal(1, await MarksAsync(comment));
    }

    [Fact]
    public async Task A_visitor_sees_the_count_with_nothing_to_press_and_posting_sends_them_to_sign_in()
    {
        var (author, _) = await factory.LearnerAsync("visitor-author");
        var (reader, _) = await factory.LearnerAsync("visitor-reader");
        using var _a = author; using var _r = reader;
        var comment = await CommentsFactory.CommentAsync(author, "방문자도 보는 댓글", lesson: CommentsFactory.OtherLesson);
        var url = await PageOfAsync(comment);
        using var visitor = factory.CreateBrowser();
        var first = await visitor.GetDocumentAsync(url);
        Assert.Null(first.QuerySelector($"#comment-{comment} .helpful-count"));

        Assert.Equal(HttpStatusCode.Redirect, (await MarkAsync(reader, url, comment)).StatusCode);

        // The cached copy was dropped: the visitor sees the new count, and nothing to press.
        Assert.True(await Eventually.HoldsAsync(
            () => visitor.GetStringAsync(url),
            html => Parse(html).QuerySelector($"#comment-{comment} .helpful-count")?.TextContent.Trim() == "도움돼요 1"));
        var page = await visitor.GetDocumentAsync(url);
        Assert.Null(page.QuerySelector("form.comment-actions-form, button[name=helpful]"));
        Assert.Null(page.QuerySelector("input[name=__RequestVerificationToken]"));

        var post = await visitor.PostAsync($"/comments/{comment}/helpful", new FormUrlEncodedContent([new("helpful", "true")]));
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.StartsWith("/Identity/Account/Login", post.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        Assert.Equal(1, await MarksAsync(comment));
    }

    [Fact]
    public async Task A_mark_without_a_token_on_a_hidden_comment_or_from_an_unconfirmed_account_is_refused()
    {
        var (author, _) = await factory.LearnerAsync("refused-author");
        var (reader, _) = await factory.LearnerAsync("refused-reader");
        using var _a = author; using var _r = reader;
        var comment = await CommentsFactory.CommentAsync(author, "곧 숨겨질 댓글", lesson: CommentsFactory.OtherLesson);
        var url = await PageOfAsync(comment);
        var page = await reader.GetDocumentAsync(url);

        var tokenless = await reader.PostAsync($"/comments/{comment}/helpful", new FormUrlEncodedContent([new("helpful", "true")]));
        Assert.Equal(HttpStatusCode.BadRequest, tokenless.StatusCode);

        var undecided = await PostMarkAsync(reader, page, comment, helpful: null);
        Assert.Equal(HttpStatusCode.BadRequest, undecided.StatusCode);
        Assert.NotNull((await undecided.ParseAsync()).QuerySelector(".comment-problem"));

        var unknown = await PostMarkAsync(reader, page, 987_654_321, helpful: true);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        await factory.ExecuteAsync("UPDATE comments SET hidden_at = now(), hidden_reason = '테스트' WHERE id = @id", ("id", comment));
        Assert.True(await Eventually.HoldsAsync(
            () => reader.GetStringAsync(url),
            html => Parse(html).QuerySelector($"#comment-{comment} button[name=helpful]") is null));
        var hidden = await PostMarkAsync(reader, page, comment, helpful: true);
        Assert.Equal(HttpStatusCode.Conflict, hidden.StatusCode);
        Assert.Equal("숨겨지거나 삭제된 댓글에는 도움돼요를 누를 수 없어요.", (await hidden.ParseAsync()).QuerySelector(".comment-problem")!.TextContent.Trim());

        var visible = await CommentsFactory.CommentAsync(author, "보이는 댓글", lesson: CommentsFactory.OtherLesson);
        await factory.CreateUserAsync("unconfirmed-reader@example.com", confirmed: false);
        using var unconfirmed = await factory.SignedInClientAsync("unconfirmed-reader@example.com");
        var unconfirmedPage = await unconfirmed.GetDocumentAsync(url);
        Assert.Null(unconfirmedPage.QuerySelector("button[name=helpful]"));
        var notAllowed = await PostMarkAsync(unconfirmed, unconfirmedPage, visible, helpful: true);
        Assert.Equal(HttpStatusCode.Forbidden, notAllowed.StatusCode);
        Assert.Equal(0, await MarksAsync(comment) + await MarksAsync(visible));
    }

    [Fact]
    public async Task Marking_too_often_is_a_429_with_retry_after_and_a_message()
    {
        var (author, _) = await factory.LearnerAsync("busy-author");
        var (reader, _) = await factory.LearnerAsync("busy-reader");
        using var _a = author; using var _r = reader;
        var comment = await CommentsFactory.CommentAsync(author, "계속 눌리는 댓글", lesson: CommentsFactory.OtherLesson);
        var url = await PageOfAsync(comment);
        var page = await reader.GetDocumentAsync(url);

        for (var i = 0; i < Factory.MarksPerWindow; i++)
        {
            var allowed = await PostMarkAsync(reader, page, comment, helpful: i % 2 == 0);
            Assert.Equal(HttpStatusCode.Redirect, allowed.StatusCode);
        }
        var refused = await PostMarkAsync(reader, page, comment, helpful: true);

        Assert.Equal((HttpStatusCode)429, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("도움돼요를 너무 자주 눌렀어요. 잠시 뒤에 다시 해 주세요.", (await refused.ParseAsync()).QuerySelector(".comment-problem")!.TextContent.Trim());
        Assert.Equal(0, await MarksAsync(comment));
    }

    [Fact]
    public async Task Deleting_the_account_takes_its_marks_and_the_cached_page_shows_the_lower_count()
    {
        var (author, _) = await factory.LearnerAsync("erase-author");
        var user = await factory.CreateUserAsync("erase-reader@example.com", displayName: "떠나는 독자");
        using var _a = author;
        using var reader = await factory.SignedInClientAsync("erase-reader@example.com");
        var comment = await CommentsFactory.CommentAsync(author, "떠나는 사람이 누른 댓글", lesson: CommentsFactory.OtherLesson);
        var url = await PageOfAsync(comment);
        Assert.Equal(HttpStatusCode.Redirect, (await MarkAsync(reader, url, comment)).StatusCode);
        using var visitor = factory.CreateBrowser();
        Assert.Equal("도움돼요 1", (await visitor.GetDocumentAsync(url)).QuerySelector($"#comment-{comment} .helpful-count")!.TextContent.Trim());

        // "Download my data" lists the mark.
        var download = await reader.SubmitFormAsync("/Identity/Account/Manage/PersonalData", "form#download-data", new Dictionary<string, string>());
        using (var json = System.Text.Json.JsonDocument.Parse(await download.Content.ReadAsStringAsync()))
        {
            var marks = json.RootElement.GetProperty("commentHelpfulMarks");
            Assert.Equal(comment, Assert.Single(marks.EnumerateArray()).GetProperty("commentId").GetInt64());
        }

        var deleted = await reader.SubmitFormAsync("/Identity/Account/Manage/DeletePersonalData", "form#delete-account",
            new Dictionary<string, string> { ["Input.Password"] = TestUsers.Password });
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);

        await using (var db = factory.CreateDbContext())
        {
            Assert.False(await db.Set<CommentReaction>().AnyAsync(r => r.UserId == user.Id));
        }
        Assert.True(await Eventually.HoldsAsync(
            () => visitor.GetStringAsync(url),
            html => Parse(html).QuerySelector($"#comment-{comment}") is not null && Parse(html).QuerySelector($"#comment-{comment} .helpful-count") is null));
    }

    [Fact]
    public async Task Threads_sort_oldest_newest_and_most_helpful_and_the_order_survives_paging_and_the_way_back()
    {
        var (author, _) = await factory.LearnerAsync("sort-author");
        var (fan1, _) = await factory.LearnerAsync("sort-fan1");
        var (fan2, _) = await factory.LearnerAsync("sort-fan2");
        using var _a = author; using var _f1 = fan1; using var _f2 = fan2;
        var first = await CommentsFactory.CommentAsync(author, "첫째 스레드", lesson: SortLesson);
        var second = await CommentsFactory.CommentAsync(author, "둘째 스레드", lesson: SortLesson);
        var third = await CommentsFactory.CommentAsync(author, "셋째 스레드", lesson: SortLesson);
        var replyA = await CommentsFactory.CommentAsync(fan1, "첫 답글", replyTo: first, lesson: SortLesson);
        var replyB = await CommentsFactory.CommentAsync(fan2, "둘째 답글", replyTo: first, lesson: SortLesson);
        Assert.True(replyA < replyB);
        Assert.Equal(HttpStatusCode.Redirect, (await MarkAsync(fan1, SortLesson, second)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await MarkAsync(fan2, SortLesson, second)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await MarkAsync(fan1, $"{SortLesson}?comments=2", third)).StatusCode);
        using var visitor = factory.CreateBrowser();

        // Two threads a page (the factory's setting).
        Assert.Equal([first, second], Threads(await visitor.GetDocumentAsync(SortLesson)));
        Assert.Equal([third], Threads(await visitor.GetDocumentAsync($"{SortLesson}?comments=2")));
        var newest = await visitor.GetDocumentAsync($"{SortLesson}?sort=newest");
        Assert.Equal([third, second], Threads(newest));
        Assert.Equal([second, third], Threads(await visitor.GetDocumentAsync($"{SortLesson}?sort=helpful")));
        Assert.Equal([first], Threads(await visitor.GetDocumentAsync($"{SortLesson}?sort=helpful&comments=2")));
        foreach (var garbage in new[] { "NEWEST", "%00", "'; DROP TABLE comments; --", new string('x', 3000), "helpful&sort=newest" })
        {
            Assert.Equal([first, second], Threads(await visitor.GetDocumentAsync($"{SortLesson}?sort={Uri.EscapeDataString(garbage)}")));
        }

        // The sort links, the current one marked; the pager keeps the order.
        var sortLinks = newest.QuerySelectorAll(".comments-sort a").ToList();
        Assert.Equal(["오래된 순", "최신 순", "도움 많은 순"], sortLinks.Select(a => a.TextContent.Trim()));
        Assert.Equal([$"{SortLesson}#comments", $"{SortLesson}?sort=newest#comments", $"{SortLesson}?sort=helpful#comments"],
            sortLinks.Select(a => a.GetAttribute("href")));
        Assert.Equal("page", sortLinks[1].GetAttribute("aria-current"));
        var next = newest.QuerySelector(".comments-pager a[rel=next]")!.GetAttribute("href")!;
        Assert.Equal($"{SortLesson}?comments=2&sort=newest#comments", next);
        var newestPage2 = await visitor.GetDocumentAsync(next);
        Assert.Equal([first], Threads(newestPage2));
        Assert.Equal($"{SortLesson}?sort=newest#comments", newestPage2.QuerySelector(".comments-pager a[rel=prev]")!.GetAttribute("href"));

        // "Earlier replies" goes to the thread's page and its way back returns to the same order.
        var earlier = newestPage2.QuerySelector($"#comment-{first}")!.ParentElement!.QuerySelector(".earlier-replies a")!.GetAttribute("href")!;
        Assert.Equal($"/comments/{first}/replies?pageIndex=1&sort=newest", earlier);
        var threadPage = await visitor.GetDocumentAsync(earlier);
        Assert.Equal($"{SortLesson}?sort=newest", threadPage.QuerySelector(".breadcrumb a")!.GetAttribute("href"));

        // A mark from a sorted later page comes back to that page in that order.
        var page = await fan2.GetDocumentAsync($"{SortLesson}?comments=2&sort=newest");
        Assert.Equal("comment-actions-form", page.QuerySelector($"#comment-{first} button[name=helpful]")!.GetAttribute("form"));
        var form = page.QuerySelector("form#comment-actions-form")!;
        Assert.Equal("newest", form.QuerySelector("input[name=sort]")!.GetAttribute("value"));
        Assert.Equal("2", form.QuerySelector("input[name=comments]")!.GetAttribute("value"));
        var back = await fan2.PressAsync($"{SortLesson}?comments=2&sort=newest", $"#comment-{first} button[name=helpful]");
        Assert.Equal($"{SortLesson}?comments=2&sort=newest#comment-{first}", back.Headers.Location!.OriginalString);

        // The cached "most helpful" page reorders when marks change, whoever changed them.
        await visitor.GetDocumentAsync($"{SortLesson}?sort=helpful");
        await factory.CreateUserAsync("sort-fan3@example.com");
        await factory.ExecuteAsync(
            "INSERT INTO comment_reactions (comment_id, user_id) SELECT @comment, id FROM users WHERE email IN ('sort-fan2@example.com', 'sort-fan3@example.com')",
            ("comment", third));
        Assert.True(await Eventually.HoldsAsync(
            () => visitor.GetStringAsync($"{SortLesson}?sort=helpful"),
            html => Threads(Parse(html)).SequenceEqual([third, second])));
    }

    private sealed record HelpfulAnswer(bool Helpful, int Count);

    private static IHtmlDocument Parse(string html) => new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);

    private static List<long> Threads(IHtmlDocument page) =>
        page.QuerySelectorAll(".comment-threads > li.comment-thread > article.comment")
            .Select(a => long.Parse(a.Id!["comment-".Length..], System.Globalization.CultureInfo.InvariantCulture))
            .ToList();

    [Fact]
    public async Task A_new_threads_author_lands_on_it_first_of_the_newest_however_many_threads_there_are()
    {
        var (author, _) = await factory.LearnerAsync("new-thread-author");
        using var _a = author;
        // Two threads a page: the default order would put a third on page 2.
        await CommentsFactory.CommentAsync(author, "하나");
        await CommentsFactory.CommentAsync(author, "둘");

        var posted = await CommentsFactory.PostAsync(author, "셋");

        var match = System.Text.RegularExpressions.Regex.Match(posted.Headers.Location!.OriginalString, @"^/courses/demo/first\?sort=newest#comment-(\d+)$");
        Assert.True(match.Success, posted.Headers.Location.OriginalString);
        var page = await author.GetDocumentAsync(posted.Headers.Location.OriginalString.Split('#')[0]);
        Assert.Equal(long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), Threads(page)[0]);
    }

    private static AngleSharp.Dom.IElement Button(IHtmlDocument page, long comment) =>
        page.QuerySelector($"#comment-{comment} button[name=helpful]")!;

    private static string Count(IHtmlDocument page, long comment) =>
        page.QuerySelector($"#comment-{comment} button[name=helpful] span")!.TextContent.Trim();

    /// Presses the comment's "도움돼요" button on <paramref name="url"/> as the browser would.
    private static Task<HttpResponseMessage> MarkAsync(HttpClient client, string url, long comment) =>
        client.PressAsync(url, $"#comment-{comment} button[name=helpful]");

    /// A hand-made mark with the token of <paramref name="page"/> (the button may not be there).
    private static Task<HttpResponseMessage> PostMarkAsync(HttpClient client, IHtmlDocument page, long comment, bool? helpful)
    {
        var fields = new List<KeyValuePair<string, string>> { new("__RequestVerificationToken", page.AntiforgeryToken()) };
        if (helpful is { } value)
        {
            fields.Add(new("helpful", value ? "true" : "false"));
        }
        return client.PostAsync($"/comments/{comment}/helpful", new FormUrlEncodedContent(fields));
    }

    /// The lesson page (and comments page) that shows <paramref name="comment"/>: its permalink's target.
    private async Task<string> PageOfAsync(long comment)
    {
        using var client = factory.CreateBrowser();
        var response = await client.GetAsync($"/comments/{comment}");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!.OriginalString.Split('#')[0];
    }

    private async Task<int> MarksAsync(long comment)
    {
        await using var db = factory.CreateDbContext();
        return await db.Set<CommentReaction>().CountAsync(r => r.CommentId == comment);
    }
}
