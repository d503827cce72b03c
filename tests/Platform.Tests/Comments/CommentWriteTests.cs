using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Platform.Tests.Infrastructure;
using Platform.Web.Features.Comments;

namespace Platform.Tests.Comments;

/// What a new comment asks the database, counted: a structural bound, not a timing.
public sealed class CommentWriteTests(CommentsFactory factory) : IClassFixture<CommentsFactory>, IDisposable
{
    private readonly DatabaseRoundTrips _roundTrips = new();

    public void Dispose() => _roundTrips.Dispose();

    [Fact]
    public async Task A_new_comment_is_the_checks_then_one_batch_of_writes_once_the_authors_account_is_kept()
    {
        var (client, _) = await factory.LearnerAsync("write-count");
        using var _c = client;
        // The first post reads the account facts for the session check; the next finds them kept.
        // (The account's creation is announced too, and may arrive late and drop them once more.)
        await CommentsFactory.CommentAsync(client, "첫 댓글");
        HttpResponseMessage response;
        IReadOnlyList<string> statements;
        var attempt = 0;
        do
        {
            using var request = await client.FormRequestAsync(CommentsFactory.Lesson, "#comment-form",
                new Dictionary<string, string> { ["Input.Body"] = $"다음 댓글 {++attempt}" });
            (response, statements) = await _roundTrips.SendAsync(client, request);
        }
        while (attempt < 3 && statements.Any(s => s.Contains("security_stamp", StringComparison.Ordinal)));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        // 1: the author's lock, the new id, the author, (the limits' count) — 2: the comment (its
        // own activity, followed by its author without a row), the ledger's record. The commit
        // ends the transaction.
        Assert.Equal(2, statements.Count);
        Assert.Contains("nextval", statements[0], StringComparison.Ordinal);
        Assert.Contains("INSERT INTO comments", statements[1], StringComparison.Ordinal);
        Assert.DoesNotContain("learner_activities (", statements[1], StringComparison.Ordinal);
        Assert.DoesNotContain("thread_subscriptions (", statements[1], StringComparison.Ordinal);
        Assert.DoesNotContain(statements, s => s.Contains("security_stamp", StringComparison.Ordinal));
    }

    [Fact]
    public void The_posted_form_is_read_as_binding_read_it_a_field_sent_twice_by_its_first_value()
    {
        var form = new FormCollection(new Dictionary<string, StringValues>
        {
            ["Input.Lesson"] = "demo/intro",
            ["Input.ReplyTo"] = new(["12", "99"]),
            ["Input.Body"] = new(["첫 값", "둘째 값"]),
        });
        var input = NewCommentModel.InputModel.From(form);
        Assert.Equal("demo/intro", input.Lesson);
        Assert.Equal(12, input.ReplyTo);
        Assert.Equal("첫 값", input.Body);

        // A reply id that is not a number answers nothing; a missing field is null, not "".
        var odd = NewCommentModel.InputModel.From(new FormCollection(new Dictionary<string, StringValues>
        {
            ["Input.ReplyTo"] = "12abc",
        }));
        Assert.Null(odd.ReplyTo);
        Assert.Null(odd.Lesson);
        Assert.Null(odd.Body);
        Assert.Equal(-3, NewCommentModel.InputModel.From(new FormCollection(new Dictionary<string, StringValues> { ["Input.ReplyTo"] = " -3 " })).ReplyTo);
    }

    [Fact]
    public async Task Ones_own_comment_is_marked_in_words_the_page_carries_not_only_by_the_style_sheet()
    {
        var (client, _) = await factory.LearnerAsync("own-mark");
        using var _c = client;
        var id = await CommentsFactory.CommentAsync(client, "내가 쓴 글");

        var mine = (await CommentsFactory.PageHoldingAsync(client, id)).QuerySelector($"#comment-{id}")!;

        Assert.Equal("(나)", mine.QuerySelector(".comment-mine-note")!.TextContent.Trim());
        using var visitor = factory.CreateClient();
        var seen = (await CommentsFactory.PageHoldingAsync(visitor, id)).QuerySelector($"#comment-{id}")!;
        Assert.Null(seen.QuerySelector(".comment-mine-note"));
    }
}
