using System.Net;
using Platform.Tests.Infrastructure;

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
        // 1: the author's lock, the new id, the author, (the limits' count) — 2: the comment, the
        // activity, the follow, the ledger's record. The commit ends the transaction.
        Assert.Equal(2, statements.Count);
        Assert.Contains("nextval", statements[0], StringComparison.Ordinal);
        Assert.Contains("INSERT INTO comments", statements[1], StringComparison.Ordinal);
        Assert.Contains("INSERT INTO learner_activities", statements[1], StringComparison.Ordinal);
        Assert.Contains("INSERT INTO thread_subscriptions", statements[1], StringComparison.Ordinal);
        Assert.DoesNotContain(statements, s => s.Contains("security_stamp", StringComparison.Ordinal));
    }
}
