using System.Net;
using Npgsql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Tests.Infrastructure;
using Platform.Tests.Lessons;
using Platform.Tests.Progress;
using Platform.Web.Features.Account;
using Platform.Web.Features.Lessons;
using Platform.Web.Infrastructure.Caching;

namespace Platform.Tests.Accounts;

/// A signed-in learner's state is kept by each instance once read (their pages then ask the
/// database nothing), and every change to it, by whoever, reaches their next pages.
public sealed class LearnerStateTests(LessonsFactory factory) : IClassFixture<LessonsFactory>, IDisposable
{
    private readonly DatabaseRoundTrips _roundTrips = new();

    public void Dispose() => _roundTrips.Dispose();

    [Fact]
    public async Task A_learners_own_write_shows_on_their_next_page_which_reads_the_state_afresh()
    {
        using var learner = await ProgressApi.LearnerAsync(factory, "state-own-write@example.com");
        Assert.True(await _roundTrips.SettlesToNoneAsync(learner, "/courses/demo/intro"), "The learner's state was never kept.");

        await learner.CompleteAsync("demo/intro");
        var (afterWrite, statements) = await _roundTrips.GetAsync(learner, "/courses/demo/intro");

        // Read afresh at once (not when the write's announcement arrives), then kept again.
        Assert.Contains("progress-box is-done", await afterWrite.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single(statements);
        Assert.True(await _roundTrips.SettlesToNoneAsync(learner, "/courses/demo/intro"), "The learner's state was not kept again.");
    }

    [Fact]
    public async Task A_write_checks_the_session_against_the_account_row_alone_then_against_its_kept_copy()
    {
        using var learner = await ProgressApi.LearnerAsync(factory, "state-write-check@example.com");
        // The first write drops the kept state (if any); the second finds none kept.
        await learner.CompleteAsync("demo/intro");
        factory.Services.GetRequiredService<LearnerStates>().Accounts.ForgetAll();

        var (response, statements) = await _roundTrips.SendAsync(learner, CompleteRequest("demo/second"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(statements, s => s.Contains("u.security_stamp FROM users u WHERE u.id", StringComparison.Ordinal));
        Assert.DoesNotContain(statements, s => s.Contains("thread_subscriptions", StringComparison.Ordinal));
        Assert.Equal(2, statements.Count);

        // The next write finds the account facts kept (its own write did not touch them): the
        // mark is its one batch, lock, writes, record and commit in one round trip (the lesson is
        // marked again, so it earns nothing: earning adds the awards' round trip).
        // (The account's creation is announced too, and may arrive late and drop them once more.)
        for (var attempt = 0; attempt < 3; attempt++)
        {
            (response, statements) = await _roundTrips.SendAsync(learner, CompleteRequest("demo/second"));
            if (!statements.Any(s => s.Contains("security_stamp", StringComparison.Ordinal)))
            {
                break;
            }
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(statements, s => s.Contains("u.security_stamp FROM users u WHERE u.id", StringComparison.Ordinal));
        Assert.Single(statements);
        Assert.DoesNotContain(statements, s => s.Contains("COMMIT", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_mark_is_its_own_transaction_all_of_it_or_none()
    {
        var user = await factory.CreateUserAsync("state-atomic@example.com");
        using var learner = await ProgressApi.SignInWithTokenAsync(factory, "state-atomic@example.com");

        // The XP ledger refuses this learner's rows, so the batch's second write fails: the
        // completion written before it in the same batch must go back with it.
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        await using (await DatabaseHolds.RefuseRowsAsync(connection, "xp_events", user.Id))
        {
            using var refused = await learner.SendAsync(CompleteRequest("demo/intro"));
            Assert.False(refused.IsSuccessStatusCode, "The write the ledger refused was answered as done.");
        }
        await using var count = new NpgsqlCommand("SELECT count(*) FROM lesson_completions WHERE user_id = $1", connection);
        count.Parameters.Add(new NpgsqlParameter { Value = user.Id });
        Assert.Equal(0L, await count.ExecuteScalarAsync());

        // And the next mark, with nothing refused, is written whole.
        var progress = await learner.CompleteAsync("demo/intro");
        Assert.Equal(1, progress.GetProperty("lessonsCompleted").GetInt32());
        Assert.Equal(1L, await count.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_session_revoked_by_another_writer_can_no_longer_write_within_moments()
    {
        var user = await factory.CreateUserAsync("state-revoked-write@example.com");
        using var learner = await ProgressApi.SignInWithTokenAsync(factory, "state-revoked-write@example.com");
        await learner.CompleteAsync("demo/intro");
        await learner.CompleteAsync("demo/second");

        await ElsewhereAsync("UPDATE users SET security_stamp = 'revoked elsewhere' WHERE id = $1", user.Id);

        Assert.True(
            await Eventually.HoldsAsync(
                async () =>
                {
                    using var response = await learner.SendAsync(CompleteRequest("demo/third"));
                    return ((int)response.StatusCode).ToString();
                },
                status => status is "401" or "400"),
            $"The revoked session still wrote after {Eventually.Promise}.");
    }

    [Fact]
    public async Task A_change_made_by_another_writer_reaches_the_kept_page_within_moments()
    {
        var user = await factory.CreateUserAsync("state-elsewhere@example.com");
        using var learner = await factory.SignedInClientAsync("state-elsewhere@example.com");
        Assert.DoesNotContain("progress-box is-done", await learner.GetStringAsync("/courses/demo/intro"), StringComparison.Ordinal);

        // As another instance or an administrator with psql would: straight to the database, on a
        // connection of its own (not the factory's contexts, which tell the app at once).
        await ElsewhereAsync(
            "INSERT INTO lesson_completions (user_id, lesson_id, completed_at) SELECT $1, l.id, now() FROM lessons l WHERE l.slug = 'intro'", user.Id);

        Assert.True(
            await Eventually.HoldsAsync(() => learner.GetStringAsync("/courses/demo/intro"), page => page.Contains("progress-box is-done", StringComparison.Ordinal)),
            $"The learner's page did not show a completion written elsewhere within {Eventually.Promise}.");
    }

    [Fact]
    public async Task A_session_revoked_by_another_writer_ends_within_moments()
    {
        var user = await factory.CreateUserAsync("state-revoked@example.com");
        using var learner = await factory.SignedInClientAsync("state-revoked@example.com");
        Assert.Equal(HttpStatusCode.OK, (await learner.GetAsync("/me")).StatusCode);

        await ElsewhereAsync("UPDATE users SET security_stamp = 'revoked elsewhere' WHERE id = $1", user.Id);

        Assert.True(
            await Eventually.HoldsAsync(
                async () => ((int)(await learner.GetAsync("/me")).StatusCode).ToString(), status => status == "302"),
            $"The revoked session still opened /me after {Eventually.Promise}.");
    }

    [Fact]
    public async Task An_administrators_block_applies_on_this_instance_at_the_next_request()
    {
        var user = await factory.CreateUserAsync("state-blocked@example.com");
        using var learner = await factory.SignedInClientAsync("state-blocked@example.com");
        Assert.Equal(HttpStatusCode.OK, (await learner.GetAsync("/me")).StatusCode);

        // Through Identity's store (EF Core), as the admin page does: no waiting for an announcement.
        await factory.WithScopeAsync(async services =>
        {
            var users = services.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<User>>();
            var account = await users.FindByIdAsync(user.Id);
            account!.BlockedUntil = DateTimeOffset.UtcNow.AddDays(1);
            return await users.UpdateAsync(account);
        });

        Assert.Equal(HttpStatusCode.Redirect, (await learner.GetAsync("/me")).StatusCode);
    }

    [Fact]
    public void A_read_under_way_when_a_change_is_announced_is_not_kept()
    {
        var states = NewStates(out _);
        var state = StateOf("reader");

        var before = states.Version("reader");
        states.Apply(ReadModelChange.Learner("reader"));
        states.Keep("reader", state, before);
        Assert.False(states.TryGet("reader", out _));

        states.Keep("reader", state, states.Version("reader"));
        Assert.True(states.TryGet("reader", out var kept));
        Assert.Same(state, kept);

        states.Apply(ReadModelChange.Learner("reader"));
        Assert.False(states.TryGet("reader", out _));
    }

    [Fact]
    public void A_learners_own_changes_leave_their_account_facts_kept_and_an_account_change_drops_both()
    {
        var states = NewStates(out _);
        var account = new LearnerAccount(false, null, "stamp");
        void KeepBoth()
        {
            states.Keep("a", StateOf("a"), states.Version("a"));
            states.Accounts.Keep("a", account, states.Accounts.Version("a"));
        }

        KeepBoth();
        states.Apply(ReadModelChange.Learner("a"));
        Assert.False(states.TryGet("a", out _));
        Assert.True(states.Accounts.TryGet("a", out var kept));
        Assert.Same(account, kept);

        KeepBoth();
        states.Apply(ReadModelChange.Parse("account:a"));
        Assert.False(states.TryGet("a", out _));
        Assert.False(states.Accounts.TryGet("a", out _));

        // The catalog names lessons in a state, not in the account facts; a lost listener drops all.
        KeepBoth();
        states.Apply(ReadModelChange.Catalog);
        Assert.True(states.Accounts.TryGet("a", out _));
        states.Apply(ReadModelChange.Everything);
        Assert.False(states.Accounts.TryGet("a", out _));
    }

    [Fact]
    public void Catalog_changes_and_a_lost_listener_drop_every_kept_state_and_kept_states_expire()
    {
        var states = NewStates(out var clock);
        foreach (var change in new[] { ReadModelChange.Catalog, ReadModelChange.Everything })
        {
            var version = states.Version("a");
            states.Keep("a", StateOf("a"), version);
            states.Keep("b", StateOf("b"), states.Version("b"));
            states.Apply(change);
            Assert.Equal(0, states.Count);
        }

        states.Keep("a", StateOf("a"), states.Version("a"));
        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.False(states.TryGet("a", out _));

        // A learner gone quiet does not stay kept until the bound is reached: the next keep sweeps.
        states.Keep("b", StateOf("b"), states.Version("b"));
        Assert.Equal(1, states.Count);
    }

    [Fact]
    public async Task Each_insert_update_and_delete_announces_the_learners_and_the_lesson_it_changed()
    {
        var first = await factory.CreateUserAsync("announce-first@example.com");
        var second = await factory.CreateUserAsync("announce-second@example.com");
        await using var listener = new NpgsqlConnection(factory.ConnectionString);
        await listener.OpenAsync();
        var heard = new List<string>();
        listener.Notification += (_, e) => heard.Add(e.Payload);
        await using (var listen = new NpgsqlCommand("LISTEN read_model", listener))
        {
            await listen.ExecuteNonQueryAsync();
        }

        // One statement, committed on a connection of its own as any writer's; then a query on the
        // listening connection, which receives what was announced before it answers.
        async Task<List<string>> AnnouncedAsync(string sql)
        {
            heard.Clear();
            await using (var writer = new NpgsqlConnection(factory.ConnectionString))
            {
                await writer.OpenAsync();
                await using var command = new NpgsqlCommand(sql, writer);
                command.Parameters.Add(new NpgsqlParameter { Value = first.Id });
                command.Parameters.Add(new NpgsqlParameter { Value = second.Id });
                Assert.True(await command.ExecuteNonQueryAsync() > 0, $"Nothing changed: {sql}");
            }
            await using var poll = new NpgsqlCommand("SELECT 1", listener);
            await poll.ExecuteScalarAsync();
            return [.. heard.Order(StringComparer.Ordinal)];
        }

        string[] both = [.. new[] { $"learner:{first.Id}", $"learner:{second.Id}" }.Order(StringComparer.Ordinal)];
        // Three rows of two learners.
        Assert.Equal(both, await AnnouncedAsync(
            "INSERT INTO xp_events (user_id, source, xp, created_at) VALUES ($1, 'a', 1, now()), ($1, 'b', 1, now()), ($2, 'a', 1, now())"));
        // A row moved from one learner to the other: the old learner and the new.
        Assert.Equal(both, await AnnouncedAsync("UPDATE xp_events SET user_id = $2 WHERE user_id = $1 AND source = 'b'"));
        Assert.Equal(both, await AnnouncedAsync("DELETE FROM xp_events WHERE user_id IN ($1, $2)"));

        // Three new threads on one lesson: the lesson, and each author (who follows their thread
        // without a row: the comment announces it).
        await using var db = factory.CreateDbContext();
        var lessonId = await db.Set<Lesson>().Where(l => l.Slug == "intro").Select(l => l.Id).SingleAsync();
        Assert.Equal([.. both, $"lesson:{lessonId}"], await AnnouncedAsync(
            $"""
            INSERT INTO comments (lesson_id, author_id, body_markdown, body_html, created_at)
            SELECT {lessonId}, a.author, 'x', '<p>x</p>', now() FROM (VALUES ($1), ($2), ($1)) AS a(author)
            """));
        Assert.Equal([$"lesson:{lessonId}"], await AnnouncedAsync($"UPDATE comments SET body_markdown = 'y' WHERE lesson_id = {lessonId} AND author_id IN ($1, $2)"));
    }

    [Fact]
    public void Kept_states_stay_within_their_bound()
    {
        var states = NewStates(out var clock, size: 4);
        for (var i = 0; i < 20; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(1));
            states.Keep($"learner-{i}", StateOf($"learner-{i}"), states.Version($"learner-{i}"));
            Assert.InRange(states.Count, 1, 4);
        }
        // The newest stays.
        Assert.True(states.TryGet("learner-19", out _));
    }

    private static HttpRequestMessage CompleteRequest(string lesson) =>
        new(HttpMethod.Post, "/api/progress/complete") { Content = System.Net.Http.Json.JsonContent.Create(new { lesson }) };

    private async Task ElsewhereAsync(string sql, string userId)
    {
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = userId });
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    private static LearnerStates NewStates(out ManualClock clock, int size = 100)
    {
        clock = new ManualClock(DateTimeOffset.UtcNow);
        return new LearnerStates(Options.Create(new LearnerStateOptions { StateCacheSize = size, StateLifetime = TimeSpan.FromSeconds(30) }), clock);
    }

    private static LearnerState StateOf(string userId) =>
        new(userId, true, false, null, null, "stamp", "Asia/Seoul", 0, 0, 0, new Dictionary<string, DateTimeOffset>(), new HashSet<long>(), "ko");
}
