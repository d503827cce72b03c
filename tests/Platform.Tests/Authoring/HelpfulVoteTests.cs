using System.Net;
using Microsoft.EntityFrameworkCore;
using Platform.Tests.Infrastructure;
using Platform.Tests.Lessons;
using Platform.Web.Features.Feedback;

namespace Platform.Tests.Authoring;

public sealed class HelpfulVoteTests(AuthoringFactory factory) : IClassFixture<AuthoringFactory>
{
    [Fact]
    public async Task The_cached_lesson_page_links_to_the_vote_and_carries_no_token_or_cookie()
    {
        using var visitor = factory.CreateBrowser();
        var response = await visitor.GetAsync("/courses/demo/intro");
        var page = await response.ParseAsync();

        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.Null(page.QuerySelector("input[name=__RequestVerificationToken]"));
        Assert.Equal(
            ["/feedback?lesson=demo%2Fintro&helpful=true", "/feedback?lesson=demo%2Fintro&helpful=false"],
            page.QuerySelectorAll("section.helpful a").Select(a => a.GetAttribute("href")));
    }

    [Fact]
    public async Task A_visitor_votes_without_script_changes_the_vote_and_keeps_one_row_per_revision()
    {
        using var visitor = factory.CreateBrowser();
        var form = await visitor.GetDocumentAsync("/feedback?lesson=demo/second&helpful=false");
        Assert.True(form.QuerySelector("input[name='Input.Helpful'][value=false]")!.HasAttribute("checked"));

        var first = await visitor.SubmitFormAsync("/feedback?lesson=demo/second&helpful=false", "#feedback-form",
            new Dictionary<string, string> { ["Input.Note"] = "  예제가 더 있으면 좋겠어요.  " });
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var thanks = await visitor.GetDocumentAsync(first.Headers.Location!.OriginalString);
        Assert.Contains("고마워요", thanks.QuerySelector(".feedback-thanks")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("예제가 더 있으면 좋겠어요.", thanks.QuerySelector("textarea[name='Input.Note']")!.TextContent.Trim());

        var second = await visitor.SubmitFormAsync("/feedback?lesson=demo/second", "#feedback-form",
            new Dictionary<string, string> { ["Input.Helpful"] = "true", ["Input.Note"] = "" });
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);

        await using var db = factory.CreateDbContext();
        var votes = await db.Set<HelpfulVote>().AsNoTracking().Where(v => v.Lesson.Slug == "second").ToListAsync();
        var vote = Assert.Single(votes);
        Assert.Equal((true, null, 1), (vote.Helpful, vote.Note, vote.RevisionNumber));
        Assert.StartsWith(HelpfulVote.VisitorPrefix, vote.VoterKey, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_learner_votes_again_on_a_new_revision_and_two_visitors_count_twice()
    {
        await factory.CreateUserAsync("voter@example.com");
        using var learner = await factory.SignedInClientAsync("voter@example.com");
        await VoteAsync(learner, "demo/third", helpful: true);

        factory.Content.Lesson("demo", "advanced", "third", 1, title: "세 번째 걸음", body: ContentFolder.Body("third", "새 설명."));
        await factory.ReimportAsync();
        await VoteAsync(learner, "demo/third", helpful: false);

        using (var a = factory.CreateBrowser())
        using (var b = factory.CreateBrowser())
        {
            await VoteAsync(a, "demo/third", helpful: false);
            await VoteAsync(b, "demo/third", helpful: false);
        }

        await using var db = factory.CreateDbContext();
        var votes = await db.Set<HelpfulVote>().AsNoTracking().Where(v => v.Lesson.Slug == "third")
            .OrderBy(v => v.Id).Select(v => new { v.RevisionNumber, v.Helpful, Learner = v.UserId != null }).ToListAsync();
        Assert.Equal(
            [new { RevisionNumber = 1, Helpful = true, Learner = true }, new { RevisionNumber = 2, Helpful = false, Learner = true },
             new { RevisionNumber = 2, Helpful = false, Learner = false }, new { RevisionNumber = 2, Helpful = false, Learner = false }],
            votes);
    }

    [Fact]
    public async Task Hostile_votes_get_a_clear_4xx()
    {
        using var visitor = factory.CreateBrowser();
        var page = await visitor.GetDocumentAsync("/feedback?lesson=demo/intro");
        var token = page.AntiforgeryToken();

        var noToken = await visitor.PostAsync("/feedback", Form(("Input.Lesson", "demo/intro"), ("Input.Helpful", "true")));
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);

        var unknown = await visitor.PostAsync("/feedback", Form(("__RequestVerificationToken", token), ("Input.Lesson", "demo/nope"), ("Input.Helpful", "true")));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        var noChoice = await visitor.PostAsync("/feedback", Form(("__RequestVerificationToken", token), ("Input.Lesson", "demo/intro")));
        Assert.Equal(HttpStatusCode.BadRequest, noChoice.StatusCode);
        Assert.Contains("도움이 됐는지 골라 주세요", await noChoice.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var tooLong = await visitor.PostAsync("/feedback", Form(("__RequestVerificationToken", token), ("Input.Lesson", "demo/intro"),
            ("Input.Helpful", "true"), ("Input.Note", new string('가', HelpfulVote.NoteMaxLength + 1))));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);

        var notBool = await visitor.PostAsync("/feedback", Form(("__RequestVerificationToken", token), ("Input.Lesson", "demo/intro"), ("Input.Helpful", "maybe")));
        Assert.Equal(HttpStatusCode.BadRequest, notBool.StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync("/feedback?lesson=../../etc")).StatusCode);
    }

    internal static async Task VoteAsync(HttpClient client, string lesson, bool helpful)
    {
        var response = await client.SubmitFormAsync($"/feedback?lesson={lesson}", "#feedback-form",
            new Dictionary<string, string> { ["Input.Helpful"] = helpful ? "true" : "false" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    private static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));
}

public sealed class HelpfulVoteRateLimitTests(HelpfulVoteRateLimitTests.Factory factory) : IClassFixture<HelpfulVoteRateLimitTests.Factory>
{
    public sealed class Factory : AuthoringFactory
    {
        protected override IEnumerable<(string Key, string Value)> Settings() => [.. base.Settings(), ("RateLimits:Feedback:PermitLimit", "2")];
    }

    [Fact]
    public async Task The_third_vote_in_the_window_is_refused_with_429_and_the_note_kept()
    {
        using var visitor = factory.CreateBrowser();
        await HelpfulVoteTests.VoteAsync(visitor, "demo/intro", helpful: true);
        await HelpfulVoteTests.VoteAsync(visitor, "demo/intro", helpful: false);

        var refused = await visitor.SubmitFormAsync("/feedback?lesson=demo/intro", "#feedback-form",
            new Dictionary<string, string> { ["Input.Helpful"] = "true", ["Input.Note"] = "세 번째 생각" });

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter is not null);
        var page = await refused.ParseAsync();
        Assert.Contains("너무 자주", page.QuerySelector(".field-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("세 번째 생각", page.QuerySelector("textarea[name='Input.Note']")!.TextContent.Trim());
    }
}
