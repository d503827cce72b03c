using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Platform.Tests.Infrastructure;
using Platform.Web.Features.Comments;
using Platform.Web.Infrastructure.Data;

namespace Platform.Tests.Comments;

/// New threads are written in shared batches (group commit) and, whatever a batch cannot take,
/// the usual way: every post is answered for itself, none is lost.
public sealed class ThreadWritesTests(CommentsFactory factory) : IClassFixture<CommentsFactory>
{
    [Fact]
    public async Task Threads_posted_while_a_batch_is_at_the_database_go_together_in_the_next()
    {
        var authors = new List<HttpClient>();
        for (var i = 0; i < 6; i++)
        {
            authors.Add((await factory.LearnerAsync($"together-{i}")).Client);
        }
        var threads = factory.Services.GetRequiredService<ThreadWrites>();
        var requests = new List<HttpRequestMessage>();
        foreach (var (author, i) in authors.Select((a, i) => (a, i)))
        {
            requests.Add(await author.FormRequestAsync(CommentsFactory.Lesson, "#comment-form",
                new Dictionary<string, string> { ["Input.Body"] = $"함께 쓴 글 {i}" }));
        }
        await using var holder = new NpgsqlConnection(factory.ConnectionString);
        await holder.OpenAsync();
        await using var hold = await holder.BeginTransactionAsync();
        // The first batch waits at the database for this lock; the other posts queue meanwhile.
        await using (var lockTable = new NpgsqlCommand("LOCK TABLE comments IN SHARE MODE", holder, hold))
        {
            await lockTable.ExecuteNonQueryAsync();
        }
        var before = threads.Batches;
        var first = authors[0].SendAsync(requests[0]);
        Assert.True(await Eventually.HoldsAsync(() => DatabaseHolds.SomeoneWaitsAsync(holder, "comments"), waiting => waiting), "The first batch never reached the database.");
        var rest = authors.Skip(1).Select((a, i) => a.SendAsync(requests[i + 1])).ToList();
        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(threads.Waiting), waiting => waiting == 5), "The other posts did not queue.");

        await hold.CommitAsync();

        var ids = new List<long>();
        foreach (var response in await Task.WhenAll(rest.Prepend(first)))
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            var location = response.Headers.Location!.OriginalString;
            ids.Add(long.Parse(location[(location.IndexOf("#comment-", StringComparison.Ordinal) + "#comment-".Length)..], System.Globalization.CultureInfo.InvariantCulture));
        }
        Assert.Equal(before + 2, threads.Batches);
        Assert.Equal(6, ids.Distinct().Count());
        // Each comment is its author's, followed by them (without a row: the rule needs none), and
        // earns them their first comment's achievement.
        Assert.Equal(6L, await factory.ScalarAsync<long>(
            """
            SELECT count(*) FROM comments c JOIN users u ON u.id = c.author_id
              JOIN achievement_awards a ON a.user_id = c.author_id AND a.achievement_id = 'first-comment' AND a.earned_at = c.created_at
             WHERE u.email LIKE 'together-%' AND c.body_markdown LIKE '함께 쓴 글 %' AND c.thread_id IS NULL
               AND NOT EXISTS (SELECT 1 FROM thread_subscriptions s WHERE s.thread_id = c.id)
            """));
        foreach (var author in authors)
        {
            author.Dispose();
        }
    }

    [Fact]
    public async Task A_post_the_limit_refuses_is_told_so_while_the_other_of_its_batch_is_posted()
    {
        var (blocker, _) = await factory.LearnerAsync("batch-first");
        var (eager, _) = await factory.LearnerAsync("batch-eager");
        var (calm, _) = await factory.LearnerAsync("batch-calm");
        // Five a minute by default: the sixth is refused.
        for (var i = 1; i <= 5; i++)
        {
            await CommentsFactory.CommentAsync(eager, $"서두른 글 {i}");
        }
        var threads = factory.Services.GetRequiredService<ThreadWrites>();
        var firstRequest = await blocker.FormRequestAsync(CommentsFactory.Lesson, "#comment-form", new Dictionary<string, string> { ["Input.Body"] = "먼저 쓴 글" });
        var eagerRequest = await eager.FormRequestAsync(CommentsFactory.Lesson, "#comment-form", new Dictionary<string, string> { ["Input.Body"] = "여섯 번째 글" });
        var calmRequest = await calm.FormRequestAsync(CommentsFactory.Lesson, "#comment-form", new Dictionary<string, string> { ["Input.Body"] = "차분한 글" });
        await using var holder = new NpgsqlConnection(factory.ConnectionString);
        await holder.OpenAsync();
        await using var hold = await holder.BeginTransactionAsync();
        await using (var lockTable = new NpgsqlCommand("LOCK TABLE comments IN SHARE MODE", holder, hold))
        {
            await lockTable.ExecuteNonQueryAsync();
        }
        var first = blocker.SendAsync(firstRequest);
        Assert.True(await Eventually.HoldsAsync(() => DatabaseHolds.SomeoneWaitsAsync(holder, "comments"), waiting => waiting), "The first batch never reached the database.");
        var eagerPost = eager.SendAsync(eagerRequest);
        var calmPost = calm.SendAsync(calmRequest);
        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(threads.Waiting), waiting => waiting == 2), "The two posts did not queue.");
        await hold.CommitAsync();

        Assert.Equal(HttpStatusCode.Redirect, (await first).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await calmPost).StatusCode);
        var refused = await eagerPost;
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("1분에 5개, 1시간에 30개까지", (await refused.ParseAsync()).QuerySelector(".comment-problem")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(0L, await factory.ScalarAsync<long>("SELECT count(*) FROM comments WHERE body_markdown = '여섯 번째 글'"));
        Assert.Equal(1L, await factory.ScalarAsync<long>("SELECT count(*) FROM comments WHERE body_markdown = '차분한 글'"));
        blocker.Dispose();
        eager.Dispose();
        calm.Dispose();
    }

    [Fact]
    public async Task A_thread_whose_author_is_locked_elsewhere_waits_for_the_lock_and_is_posted()
    {
        var (client, email) = await factory.LearnerAsync("locked-author");
        using var _c = client;
        var userId = (await factory.ScalarAsync<string>($"SELECT id FROM users WHERE email = '{email}'"))!;
        var request = await client.FormRequestAsync(CommentsFactory.Lesson, "#comment-form",
            new Dictionary<string, string> { ["Input.Body"] = "기다렸다 쓴 글" });
        await using var holder = new NpgsqlConnection(factory.ConnectionString);
        await holder.OpenAsync();
        await using var hold = await holder.BeginTransactionAsync();
        // As the author's other post, in a transaction of its own, holds it.
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1, hashtext($2))", holder, hold))
        {
            take.Parameters.Add(new NpgsqlParameter { Value = AdvisoryLock.CommentAuthor.Scope });
            take.Parameters.Add(new NpgsqlParameter { Value = userId });
            await take.ExecuteNonQueryAsync();
        }

        var post = client.SendAsync(request);
        Assert.True(await Eventually.HoldsAsync(() => DatabaseHolds.SomeoneWaitsAsync(holder, "advisory"), waiting => waiting), "The post did not wait for the author's lock.");
        Assert.False(post.IsCompleted);
        await hold.CommitAsync();

        using var response = await post;
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(1L, await factory.ScalarAsync<long>($"SELECT count(*) FROM comments WHERE author_id = '{userId}' AND body_markdown = '기다렸다 쓴 글'"));
    }
}
