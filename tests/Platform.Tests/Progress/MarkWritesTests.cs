using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Platform.Tests.Infrastructure;
using Platform.Tests.Lessons;
using Platform.Web.Features.Progress;
using Platform.Web.Infrastructure.Data;

namespace Platform.Tests.Progress;

/// "Done" marks are written in shared batches (group commit) and, whatever a batch cannot take,
/// the usual way: every mark is answered with its own learner's record, none is lost.
public sealed class MarkWritesTests(LessonsFactory factory) : IClassFixture<LessonsFactory>
{
    [Fact]
    public async Task Marks_arriving_while_a_batch_is_at_the_database_go_together_in_the_next()
    {
        var learners = new List<HttpClient>();
        for (var i = 0; i < 8; i++)
        {
            learners.Add(await ProgressApi.LearnerAsync(factory, $"batch-{i}@example.com"));
        }
        var marks = factory.Services.GetRequiredService<MarkWrites>();
        await using var holder = new NpgsqlConnection(factory.ConnectionString);
        await holder.OpenAsync();
        await using var hold = await holder.BeginTransactionAsync();
        // The first batch waits at the database for this lock; the other marks queue meanwhile.
        await using (var lockTable = new NpgsqlCommand("LOCK TABLE xp_events IN SHARE MODE", holder, hold))
        {
            await lockTable.ExecuteNonQueryAsync();
        }
        var before = marks.Batches;
        var first = learners[0].PostAsJsonAsync("/api/progress/complete", new { lesson = "demo/intro" });
        Assert.True(await Eventually.HoldsAsync(() => DatabaseHolds.SomeoneWaitsAsync(holder, "xp_events"), waiting => waiting), "The first batch never reached the database.");
        var rest = learners.Skip(1).Select(l => l.PostAsJsonAsync("/api/progress/complete", new { lesson = "demo/second" })).ToList();
        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(marks.Waiting), waiting => waiting == 7), "The other marks did not queue.");

        await hold.CommitAsync();

        foreach (var response in await Task.WhenAll(rest.Prepend(first)))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var progress = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(1, progress.GetProperty("lessonsCompleted").GetInt32());
            // Each learner's first lesson earns its achievement, in the same answer.
            Assert.Equal(1, progress.GetProperty("achievementsEarned").GetInt32());
        }
        Assert.Equal(before + 2, marks.Batches);
        Assert.Equal(8L, await factory.ScalarAsync<long>("SELECT count(*) FROM lesson_completions c JOIN users u ON u.id = c.user_id WHERE u.email LIKE 'batch-%'"));
        Assert.Equal(8L, await factory.ScalarAsync<long>("SELECT count(*) FROM achievement_awards a JOIN users u ON u.id = a.user_id WHERE u.email LIKE 'batch-%'"));
    }

    [Fact]
    public async Task A_mark_whose_learner_is_locked_elsewhere_waits_for_the_lock_and_is_written()
    {
        var user = await factory.CreateUserAsync("batch-locked@example.com");
        using var learner = await ProgressApi.SignInWithTokenAsync(factory, "batch-locked@example.com");
        await using var holder = new NpgsqlConnection(factory.ConnectionString);
        await holder.OpenAsync();
        await using var hold = await holder.BeginTransactionAsync();
        // As the learner's comment, in a transaction of its own, holds it.
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1, hashtext($2))", holder, hold))
        {
            take.Parameters.Add(new NpgsqlParameter { Value = AdvisoryLock.LearnerProgress.Scope });
            take.Parameters.Add(new NpgsqlParameter { Value = user.Id });
            await take.ExecuteNonQueryAsync();
        }

        var mark = learner.PostAsJsonAsync("/api/progress/complete", new { lesson = "demo/intro" });
        Assert.True(await Eventually.HoldsAsync(() => DatabaseHolds.SomeoneWaitsAsync(holder, "advisory"), waiting => waiting), "The mark did not wait for the learner's lock.");
        Assert.False(mark.IsCompleted);
        await hold.CommitAsync();

        using var response = await mark;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1L, await factory.ScalarAsync<long>($"SELECT count(*) FROM lesson_completions WHERE user_id = '{user.Id}'"));
    }

    [Fact]
    public async Task One_mark_the_database_refuses_does_not_take_the_others_of_its_batch_with_it()
    {
        using var blocker = await ProgressApi.LearnerAsync(factory, "batch-blocker@example.com");
        using var good = await ProgressApi.LearnerAsync(factory, "batch-good@example.com");
        var bad = await factory.CreateUserAsync("batch-bad@example.com");
        using var badClient = await ProgressApi.SignInWithTokenAsync(factory, "batch-bad@example.com");
        var marks = factory.Services.GetRequiredService<MarkWrites>();
        await using var holder = new NpgsqlConnection(factory.ConnectionString);
        await holder.OpenAsync();
        await using (await DatabaseHolds.RefuseRowsAsync(holder, "lesson_completions", bad.Id))
        {
            await using var hold = await holder.BeginTransactionAsync();
            await using (var lockTable = new NpgsqlCommand("LOCK TABLE xp_events IN SHARE MODE", holder, hold))
            {
                await lockTable.ExecuteNonQueryAsync();
            }
            var first = blocker.PostAsJsonAsync("/api/progress/complete", new { lesson = "demo/intro" });
            Assert.True(await Eventually.HoldsAsync(() => DatabaseHolds.SomeoneWaitsAsync(holder, "xp_events"), waiting => waiting), "The first batch never reached the database.");
            var goodMark = good.PostAsJsonAsync("/api/progress/complete", new { lesson = "demo/intro" });
            var badMark = badClient.PostAsJsonAsync("/api/progress/complete", new { lesson = "demo/intro" });
            Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(marks.Waiting), waiting => waiting == 2), "The two marks did not queue.");
            await hold.CommitAsync();

            Assert.Equal(HttpStatusCode.OK, (await first).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await goodMark).StatusCode);
            Assert.False((await badMark).IsSuccessStatusCode, "The mark the database refused was answered as done.");
        }
        Assert.Equal(2L, await factory.ScalarAsync<long>("SELECT count(*) FROM lesson_completions c JOIN users u ON u.id = c.user_id WHERE u.email IN ('batch-blocker@example.com', 'batch-good@example.com')"));
        Assert.Equal(0L, await factory.ScalarAsync<long>($"SELECT count(*) FROM lesson_completions WHERE user_id = '{bad.Id}'"));
        Assert.Equal(0L, await factory.ScalarAsync<long>($"SELECT count(*) FROM xp_events WHERE user_id = '{bad.Id}'"));
    }

    [Fact]
    public async Task A_batch_answers_with_the_whole_record_in_the_order_the_account_reads_it()
    {
        var user = await factory.CreateUserAsync("whole-record@example.com");
        using var learner = await ProgressApi.SignInWithTokenAsync(factory, "whole-record@example.com");
        // Two completions at one moment (written third, then second: the tie goes by the order of
        // writing), one written last but earlier than both (time goes first), a quiz question
        // solved, and an award counted from comments with its XP.
        await CompletedAsync(user.Id, "third", "2026-01-05T10:00:00Z");
        await CompletedAsync(user.Id, "second", "2026-01-05T10:00:00Z");
        await CompletedAsync(user.Id, "long-one", "2026-01-01T10:00:00Z");
        await factory.ScalarAsync<int>(
            $"""
            WITH solved AS (INSERT INTO exercise_solutions (user_id, lesson_id, exercise_id, answer, solved_at)
                            SELECT '{user.Id}', l.id, 'q1', '42', '2026-01-04T09:00:00Z' FROM lessons l WHERE l.slug = 'second' RETURNING id),
                 award AS (INSERT INTO achievement_awards (user_id, achievement_id, earned_at)
                           VALUES ('{user.Id}', 'first-comment', '2026-01-03T08:00:00Z') RETURNING id),
                 xp AS (INSERT INTO xp_events (user_id, source, xp, created_at)
                        VALUES ('{user.Id}', 'achievement:first-comment', 10, '2026-01-03T08:00:00Z'), ('{user.Id}', 'lesson:x', 7, '2026-01-03T08:00:00Z') RETURNING id)
            SELECT (SELECT count(*) FROM solved)::int + (SELECT count(*) FROM award)::int + (SELECT count(*) FROM xp)::int
            """);
        var marks = factory.Services.GetRequiredService<MarkWrites>();
        var before = marks.Batches;

        var marked = await learner.CompleteAsync("demo/intro");

        Assert.Equal(before + 1, marks.Batches);
        Assert.Equal(["demo/long-one", "demo/third", "demo/second", "demo/intro"],
            marked.GetProperty("completed").EnumerateArray().Select(c => c.GetProperty("lesson").GetString()));
        Assert.Equal(["demo/second/q1"], marked.GetProperty("exercisesSolved").EnumerateArray().Select(x => x.GetProperty("exercise").GetString()));
        Assert.Contains("first-comment", marked.GetProperty("achievements").EnumerateArray().Select(a => a.GetProperty("id").GetString()));
        // What the mark answered is what the account's own read shows, to the last field.
        var read = await learner.ProgressAsync();
        Assert.Equal(read.GetRawText(), marked.GetRawText());
        Assert.Equal(await factory.ScalarAsync<long>($"SELECT sum(xp) FROM xp_events WHERE user_id = '{user.Id}'"), marked.GetProperty("xp").GetInt64());
    }

    /// A completion of the demo course's lesson <paramref name="lesson"/>, written straight to the table.
    private Task<int> CompletedAsync(string userId, string lesson, string at) =>
        factory.ScalarAsync<int>(
            $"""
            WITH done AS (INSERT INTO lesson_completions (user_id, lesson_id, completed_at)
                          SELECT '{userId}', l.id, '{at}' FROM lessons l JOIN courses c ON c.id = l.course_id
                           WHERE c.slug = 'demo' AND l.slug = '{lesson}' RETURNING id)
            SELECT count(*)::int FROM done
            """);
}
