using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Platform.Tests.Comments;
using Platform.Tests.Infrastructure;
using Platform.Web.Features.Account;
using Platform.Web.Infrastructure.Caching;

namespace Platform.Tests.Accounts;

/// A signed-in learner's second look at a lesson, catalog or course page is their own kept copy
/// (<see cref="PageCopies"/>, which also keeps the visitors' shared copy)
/// (no database, no rendering), and nothing it shows is ever stale: their own writes, others'
/// comments, a revoked session and time all end the copy.
public sealed class LearnerPageTests(CommentsFactory factory) : IClassFixture<CommentsFactory>, IDisposable
{
    private const string Lesson = CommentsFactory.Lesson;

    private readonly DatabaseRoundTrips _roundTrips = new();

    public void Dispose() => _roundTrips.Dispose();

    [Fact]
    public async Task A_learners_second_look_is_their_kept_copy_byte_for_byte_with_no_cookie_set()
    {
        var (learner, _) = await factory.LearnerAsync("pages-second-look");
        foreach (var page in new[] { Lesson, "/", "/courses/demo" })
        {
            Assert.True(await _roundTrips.SettlesToNoneAsync(learner, page), $"{page} was never kept for the learner.");
            var (first, _) = await _roundTrips.GetAsync(learner, page);
            var (second, statements) = await _roundTrips.GetAsync(learner, page);

            Assert.Empty(statements);
            Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
            Assert.False(second.Headers.Contains("Set-Cookie"), $"{page}: a kept page set a cookie.");
            Assert.True(second.Headers.CacheControl is { NoStore: true, NoCache: true }, $"{page}: a personal page may be kept by no other cache.");
            Assert.Contains("pages-second-look", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Only_addresses_the_page_reads_are_kept_not_made_up_query_strings()
    {
        using var visitor = factory.CreateClient();
        async Task<bool> KeptAsync(string address)
        {
            using var response = await visitor.GetAsync(address);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return response.Headers.Age is not null;
        }
        // A change another test announced moments ago may still drop a copy once: kept "within moments".
        foreach (var address in new[] { $"{Lesson}?sort=newest", $"{Lesson}?comments=1" })
        {
            Assert.True(await Eventually.HoldsAsync(() => KeptAsync(address), kept => kept), $"{address}: expected a kept copy.");
        }
        for (var i = 0; i < 3; i++)
        {
            Assert.False(await KeptAsync($"{Lesson}?utm_source=mail"), "An address with a made-up query string was kept.");
        }
    }

    [Fact]
    public async Task Each_session_has_its_own_copy_whose_forms_post_with_that_sessions_cookie()
    {
        var (first, email) = await factory.LearnerAsync("pages-two-sessions");
        using var second = await factory.SignedInClientAsync(email);
        Assert.True(await _roundTrips.SettlesToNoneAsync(first, Lesson));
        Assert.True(await _roundTrips.SettlesToNoneAsync(second, Lesson));

        var firstToken = (await first.GetDocumentAsync(Lesson)).AntiforgeryToken();
        var secondToken = (await second.GetDocumentAsync(Lesson)).AntiforgeryToken();
        Assert.NotEqual(firstToken, secondToken);

        // The second session's kept page posts a comment with its own cookie.
        var posted = await second.SubmitFormAsync(Lesson, "#comment-form", new Dictionary<string, string> { ["Input.Body"] = "두 번째 기기에서" });
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
    }

    [Fact]
    public async Task The_learners_own_write_and_anothers_comment_show_at_once()
    {
        var (learner, _) = await factory.LearnerAsync("pages-changes");
        var (other, _) = await factory.LearnerAsync("pages-other");
        Assert.True(await _roundTrips.SettlesToNoneAsync(learner, Lesson));

        await CommentsFactory.CommentAsync(learner, "내가 쓴 댓글");
        Assert.Contains("내가 쓴 댓글", await learner.GetStringAsync(Lesson), StringComparison.Ordinal);
        Assert.True(await _roundTrips.SettlesToNoneAsync(learner, Lesson));

        // Another learner's comment on the same instance: no waiting for the announcement.
        await CommentsFactory.CommentAsync(other, "다른 사람의 댓글");
        Assert.Contains("다른 사람의 댓글", await learner.GetStringAsync(Lesson), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revoked_session_is_not_served_its_kept_copy()
    {
        var (learner, email) = await factory.LearnerAsync("pages-revoked");
        Assert.True(await _roundTrips.SettlesToNoneAsync(learner, Lesson));

        await factory.WithScopeAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<Platform.Web.Features.Account.User>>();
            return await users.UpdateSecurityStampAsync((await users.FindByEmailAsync(email))!);
        });

        var page = await learner.GetStringAsync(Lesson);
        Assert.DoesNotContain("pages-revoked", page, StringComparison.Ordinal);
        Assert.Contains("/Identity/Account/Login", page, StringComparison.Ordinal);
    }

    /// Kept pages on a clock the test moves, with a learner's lifetime of 30 s.
    private static (ManualClock Clock, LearnerStates States, PageCopies Pages) Copies(long bytes)
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var options = Options.Create(new LearnerStateOptions { StateLifetime = TimeSpan.FromSeconds(30), PageCacheBytes = bytes });
        var states = new LearnerStates(options, clock);
        return (clock, states, new PageCopies(options, states, clock));
    }

    [Fact]
    public void A_copy_ends_with_its_lesson_everything_shared_the_learner_and_time()
    {
        var (clock, states, pages) = Copies(1024 * 1024);
        PageCopies.Page PageOf(string? user, int? lesson) =>
            new(user, user is null ? 0 : states.Version(user), pages.Sequence, lesson, clock.GetUtcNow(), clock.GetUtcNow() + pages.LearnerLifetime, [], new byte[100]);

        pages.Keep("a", PageOf("ann", 1));
        pages.Keep("b", PageOf("ann", 2));
        pages.Keep("c", PageOf("bob", null));
        Assert.Equal(3, pages.Count);

        pages.Keep("visitors", PageOf(null, 2));

        pages.Apply(ReadModelChange.Comments(1));
        Assert.False(pages.TryGet("a", out _));
        Assert.True(pages.TryGet("b", out _));

        // A learner's change ends their copies only; the visitors' copy shows nothing of theirs.
        states.Apply(ReadModelChange.Learner("ann"));
        Assert.False(pages.TryGet("b", out _));
        Assert.True(pages.TryGet("c", out _));
        Assert.True(pages.TryGet("visitors", out _));

        pages.Apply(ReadModelChange.Authors);
        Assert.False(pages.TryGet("c", out _));
        Assert.False(pages.TryGet("visitors", out _));

        // Rendered before a change was announced: never kept.
        var stale = PageOf("cat", 3);
        pages.Apply(ReadModelChange.Comments(3));
        pages.Keep("d", stale);
        Assert.False(pages.TryGet("d", out _));

        pages.Keep("e", PageOf("dan", 4));
        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.False(pages.TryGet("e", out _));
    }

    [Fact]
    public void An_aged_out_copy_is_renewed_by_one_request_while_the_others_are_served_it_for_a_moment()
    {
        var (clock, states, pages) = Copies(1024 * 1024);
        PageCopies.Page PageOf(string user, DateTimeOffset? hardEnd = null) => new(
            user, states.Version(user), pages.Sequence, 1, clock.GetUtcNow(), clock.GetUtcNow() + pages.LearnerLifetime, [], new byte[10], HardEnd: hardEnd);

        var first = PageOf("ann");
        pages.Keep("ann", first);
        clock.Advance(TimeSpan.FromSeconds(31));
        // The first request after it ages out renders its successor; the others still get it.
        Assert.False(pages.TryGet("ann", out _));
        Assert.True(pages.TryGet("ann", out var served));
        Assert.Same(first, served);
        Assert.True(pages.TryGet("ann", out _));
        var renewed = PageOf("ann");
        pages.Keep("ann", renewed);
        Assert.True(pages.TryGet("ann", out served));
        Assert.Same(renewed, served);

        // A renewal that never comes back (its render failed) ends the grace: then every request renders.
        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.False(pages.TryGet("ann", out _));
        Assert.True(pages.TryGet("ann", out _));
        clock.Advance(PageCopies.RenewalGrace);
        Assert.False(pages.TryGet("ann", out _));
        Assert.False(pages.TryGet("ann", out _));

        // Never past the sign-in cookie's expiry.
        pages.Keep("bob", PageOf("bob", hardEnd: clock.GetUtcNow() + pages.LearnerLifetime));
        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.False(pages.TryGet("bob", out _));
        Assert.False(pages.TryGet("bob", out _));

        // Nor once anything it shows has changed.
        pages.Keep("cat", PageOf("cat"));
        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.False(pages.TryGet("cat", out _));
        states.Apply(ReadModelChange.Learner("cat"));
        Assert.False(pages.TryGet("cat", out _));
        pages.Keep("dan", PageOf("dan"));
        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.False(pages.TryGet("dan", out _));
        pages.Apply(ReadModelChange.Comments(1));
        Assert.False(pages.TryGet("dan", out _));
    }

    [Fact]
    public void Kept_copies_stay_within_their_bytes()
    {
        var (clock, states, pages) = Copies(8 * 1000);
        for (var i = 0; i < 50; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(1));
            pages.Keep($"page-{i}", new($"learner-{i}", states.Version($"learner-{i}"), pages.Sequence, null, clock.GetUtcNow(), clock.GetUtcNow() + pages.LearnerLifetime, [], new byte[1000]));
            Assert.InRange(pages.Count, 1, 8);
        }
        Assert.True(pages.TryGet("page-49", out _));

        // A page over an eighth of the bound is not kept at all.
        pages.Keep("big", new("big", states.Version("big"), pages.Sequence, null, clock.GetUtcNow(), clock.GetUtcNow() + pages.LearnerLifetime, [], new byte[1001]));
        Assert.False(pages.TryGet("big", out _));
    }
}
