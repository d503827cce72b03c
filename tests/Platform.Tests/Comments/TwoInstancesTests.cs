using Platform.Tests.Infrastructure;

namespace Platform.Tests.Comments;

/// Two app instances on one database, as behind a load balancer: each keeps its own page cache
/// and read models, and the database's announcements keep them both current.
public sealed class TwoInstancesTests(CommentsFactory first) : IClassFixture<CommentsFactory>
{
    [Fact]
    public async Task A_comment_posted_on_one_instance_shows_on_the_other_instances_cached_visitor_page()
    {
        await using var second = new SecondInstance(first.ConnectionString);
        using var visitorOfSecond = second.CreateClient();
        var before = await visitorOfSecond.GetStringAsync(CommentsFactory.Lesson);
        // The visitor page is now in the second instance's page cache (and its comment read model).
        Assert.Equal(before, await visitorOfSecond.GetStringAsync(CommentsFactory.Lesson));

        await first.CreateUserAsync("two-instances@example.com");
        using var learner = await first.SignedInClientAsync("two-instances@example.com");
        const string text = "다른 인스턴스에서도 보여야 하는 댓글";
        Assert.DoesNotContain(text, before, StringComparison.Ordinal);
        await CommentsFactory.CommentAsync(learner, text);

        var seen = await Eventually.HoldsAsync(() => visitorOfSecond.GetStringAsync(CommentsFactory.Lesson), page => page.Contains(text, StringComparison.Ordinal));
        Assert.True(seen, $"The second instance still served its stale page {Eventually.Promise.TotalSeconds} s after the comment was posted.");
    }

    [Fact]
    public async Task A_lesson_changed_in_the_database_is_dropped_by_every_instance()
    {
        await using var second = new SecondInstance(first.ConnectionString);
        await first.CreateUserAsync("two-instances-reader@example.com");
        using var learnerOnSecond = await second.SignedInClientAsync("two-instances-reader@example.com");
        using var visitorOfFirst = first.CreateClient();
        Assert.Contains("셋째 레슨", await learnerOnSecond.GetStringAsync("/courses/demo/third"), StringComparison.Ordinal);
        Assert.Contains("셋째 레슨", await visitorOfFirst.GetStringAsync("/courses/demo"), StringComparison.Ordinal);

        // Behind both apps' backs, as another tool or instance would.
        await first.ExecuteAsync("UPDATE lessons SET title = '고친 셋째 레슨' WHERE slug = 'third'");

        Assert.True(await Eventually.HoldsAsync(() => learnerOnSecond.GetStringAsync("/courses/demo/third"), p => p.Contains("고친 셋째 레슨", StringComparison.Ordinal)),
            "The second instance's read model kept the old title.");
        Assert.True(await Eventually.HoldsAsync(() => visitorOfFirst.GetStringAsync("/courses/demo"), p => p.Contains("고친 셋째 레슨", StringComparison.Ordinal)),
            "The first instance's cached course page kept the old title.");
        await first.ExecuteAsync("UPDATE lessons SET title = '셋째 레슨' WHERE slug = 'third'");
    }

    /// Another instance on the first one's database (which the first one owns and drops).
    private sealed class SecondInstance : PlatformFactory
    {
        public SecondInstance(string connectionString) => SetConnectionStringAsync(connectionString).GetAwaiter().GetResult();
    }
}
