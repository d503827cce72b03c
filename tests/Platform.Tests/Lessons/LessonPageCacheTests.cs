using Microsoft.EntityFrameworkCore;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Lessons;

public sealed class LessonPageCacheTests(LessonsFactory factory) : IClassFixture<LessonsFactory>
{
    [Fact]
    public async Task Visitors_share_a_cached_page_that_any_change_to_the_lesson_replaces()
    {
        using var visitor = factory.CreateClient();
        var first = await visitor.GetAsync("/courses/demo/third");
        Assert.False(first.Headers.Contains("Set-Cookie"), "An anonymous lesson page must set no cookie, or it could not be shared.");
        Assert.Contains("세 번째 걸음", await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await factory.CreateUserAsync("cache-reader@example.com");
        using var learner = await factory.SignedInClientAsync("cache-reader@example.com");
        Assert.Contains("세 번째 걸음", await learner.GetStringAsync("/courses/demo/third"), StringComparison.Ordinal);

        // Change the title behind the app's back: the database announces it, and both the page
        // cache and the read model the learner's page comes from drop their copies.
        await using (var db = factory.CreateDbContext())
        {
            await db.Lessons.Where(l => l.Slug == "third").ExecuteUpdateAsync(s => s.SetProperty(l => l.Title, "바뀐 제목"));
        }

        Assert.True(await Eventually.HoldsAsync(
            async () => (await visitor.GetDocumentAsync("/courses/demo/third")).QuerySelector("h1")!.TextContent,
            title => title == "바뀐 제목"), "The visitors' cached page kept the old title.");
        Assert.Equal("바뀐 제목", (await learner.GetDocumentAsync("/courses/demo/third")).QuerySelector("h1")!.TextContent);
        await using (var db = factory.CreateDbContext())
        {
            await db.Lessons.Where(l => l.Slug == "third").ExecuteUpdateAsync(s => s.SetProperty(l => l.Title, "세 번째 걸음"));
        }
    }

    [Fact]
    public async Task The_cache_answers_before_sign_in_is_read_but_never_to_a_request_with_a_sign_in_cookie()
    {
        using var visitor = factory.CreateClient();
        await visitor.GetAsync("/courses/demo/second");
        var cached = await visitor.GetAsync("/courses/demo/second");
        Assert.True(cached.Headers.Age is not null, "A visitor's second request should be answered from the page cache.");

        await factory.CreateUserAsync("cache-cookie@example.com", displayName: "쿠키학습자");
        using var learner = await factory.SignedInClientAsync("cache-cookie@example.com");
        var personal = await learner.GetAsync("/courses/demo/second");
        Assert.Null(personal.Headers.Age);
        Assert.Contains("쿠키학습자", await personal.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("쿠키학습자", await visitor.GetStringAsync("/courses/demo/second"), StringComparison.Ordinal);

        // A cookie the app cannot read (expired, forged, from another deployment) is not a way into
        // the shared copy either: the page is rendered for a visitor, and not stored.
        using var forged = new HttpRequestMessage(HttpMethod.Get, "/courses/demo/second");
        forged.Headers.Add("Cookie", ".AspNetCore.Identity.Application=not-a-real-ticket");
        var rendered = await factory.CreateClient().SendAsync(forged);
        Assert.Equal(System.Net.HttpStatusCode.OK, rendered.StatusCode);
        Assert.Null(rendered.Headers.Age);
        Assert.DoesNotContain("쿠키학습자", await rendered.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
