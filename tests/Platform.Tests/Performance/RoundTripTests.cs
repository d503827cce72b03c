using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Platform.Web.Features.Account;
using Platform.Tests.Infrastructure;
using Platform.Tests.Lessons;
using Platform.Tests.Progress;

namespace Platform.Tests.Performance;

/// What a page costs the database once the shared read models are warm: for a signed-in learner,
/// one round trip (their personal data in one statement) when their state is not yet kept, none
/// once it is; none for a visitor.
public sealed class RoundTripTests(LessonsFactory factory) : IClassFixture<LessonsFactory>, IDisposable
{
    private readonly DatabaseRoundTrips _roundTrips = new();

    public void Dispose() => _roundTrips.Dispose();

    [Theory]
    [InlineData("/courses/demo/intro")]
    [InlineData("/courses/demo/long-one")]
    [InlineData("/")]
    [InlineData("/courses/demo")]
    [InlineData("/tags/beta")]
    public async Task A_signed_in_page_costs_one_database_round_trip_once_warm_and_none_once_the_learner_is_kept(string url)
    {
        var email = $"round-trip-{Math.Abs(url.GetHashCode()):x}@example.com";
        await factory.CreateUserAsync(email);
        using var learner = await factory.SignedInClientAsync(email);
        await _roundTrips.GetAsync(learner, url);
        factory.Services.GetRequiredService<LearnerStates>().ForgetAll();

        var (response, statements) = await _roundTrips.GetAsync(learner, url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(statements.Count <= 1, $"{url} sent {statements.Count} statements:\n{string.Join("\n---\n", statements)}");
        // ... and that one is the learner's personal statement (which also shows the count is real).
        Assert.Contains("FROM xp_events", Assert.Single(statements), StringComparison.Ordinal);
        // The page is the learner's: their header, not a visitor's.
        Assert.Contains("로그아웃", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(await _roundTrips.SettlesToNoneAsync(learner, url), $"{url} kept asking the database for the learner's state.");
        Assert.Contains("로그아웃", await learner.GetStringAsync(url), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/courses/demo/intro")]
    [InlineData("/")]
    [InlineData("/courses/demo")]
    [InlineData("/tags/beta")]
    public async Task A_visitor_page_costs_no_database_round_trip_once_cached(string url)
    {
        using var visitor = factory.CreateClient();
        await _roundTrips.GetAsync(visitor, url);

        var (response, statements) = await _roundTrips.GetAsync(visitor, url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(statements);
    }

    [Fact]
    public async Task The_personal_statement_is_the_same_whatever_the_lesson_length()
    {
        await factory.CreateUserAsync("round-trip-lengths@example.com");
        using var learner = await factory.SignedInClientAsync("round-trip-lengths@example.com");
        await _roundTrips.GetAsync(learner, "/courses/demo/intro");
        await _roundTrips.GetAsync(learner, "/courses/demo/long-one");

        var states = factory.Services.GetRequiredService<LearnerStates>();
        states.ForgetAll();
        var (_, shortPage) = await _roundTrips.GetAsync(learner, "/courses/demo/intro");
        states.ForgetAll();
        var (longResponse, longPage) = await _roundTrips.GetAsync(learner, "/courses/demo/long-one");

        Assert.Equal(120, (await longResponse.ParseAsync()).QuerySelectorAll(".lesson-body figure.code-block").Length);
        Assert.Single(shortPage);
        Assert.Equal(shortPage, longPage);
    }

    [Fact]
    public async Task Marking_a_lesson_done_is_one_batch_then_the_commit()
    {
        using var learner = await ProgressApi.LearnerAsync(factory, "round-trip-progress@example.com");
        await learner.CompleteAsync("demo/intro");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/progress/complete")
        {
            Content = JsonContent.Create(new { lesson = "demo/second" }),
        };

        var (response, statements) = await _roundTrips.SendAsync(learner, request);

        var progress = await ProgressApi.OkJsonAsync(response);
        Assert.Equal(2, progress.GetProperty("lessonsCompleted").GetInt32());
        // The lock, both inserts and the read of the learner's record travel together; the commit
        // (not a command) follows. An award earned adds one batch.
        Assert.True(statements.Count is 1 or 2, $"sent {statements.Count} statements:\n{string.Join("\n---\n", statements)}");
    }
}
