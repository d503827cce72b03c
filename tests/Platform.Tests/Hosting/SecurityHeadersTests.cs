using Platform.Tests.Comments;

namespace Platform.Tests.Hosting;

/// Every answer carries the strict headers; what a signed-in learner is answered is theirs alone,
/// so no cache may keep it, while a visitor's page stays cacheable.
public sealed class SecurityHeadersTests(CommentsFactory factory) : IClassFixture<CommentsFactory>
{
    [Fact]
    public async Task A_learners_page_is_not_stored_and_a_visitors_page_carries_no_such_rule()
    {
        var (learner, _) = await factory.LearnerAsync("no-store");
        using var _l = learner;
        using var visitor = factory.CreateClient();

        // Twice each: the second answer comes from the page's kept copy.
        foreach (var _ in new[] { 1, 2 })
        {
            var mine = await learner.GetAsync(CommentsFactory.Lesson);
            var theirs = await visitor.GetAsync(CommentsFactory.Lesson);

            Assert.True(mine.Headers.CacheControl?.NoStore, $"Cache-Control: {mine.Headers.CacheControl}");
            Assert.NotEqual(true, theirs.Headers.CacheControl?.NoStore);
            foreach (var response in new[] { mine, theirs })
            {
                Assert.Equal("DENY", string.Join(",", response.Headers.GetValues("X-Frame-Options")));
                Assert.Equal("nosniff", string.Join(",", response.Headers.GetValues("X-Content-Type-Options")));
                Assert.Contains("script-src 'self'", string.Join(",", response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task An_answer_with_no_form_is_not_stored_when_signed_in()
    {
        var (learner, _) = await factory.LearnerAsync("no-store-api");
        using var _l = learner;
        using var visitor = factory.CreateClient();

        // The learner's progress, as the page's script reads it; the visitor's answer is public.
        var mine = await learner.GetAsync("/api/progress");
        var theirs = await visitor.GetAsync("/sitemap.xml");

        Assert.Equal(System.Net.HttpStatusCode.OK, mine.StatusCode);
        Assert.Equal("no-store", mine.Headers.CacheControl?.ToString());
        Assert.NotEqual(true, theirs.Headers.CacheControl?.NoStore);
    }
}
