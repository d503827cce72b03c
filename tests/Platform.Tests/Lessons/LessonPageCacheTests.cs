using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Tests.Infrastructure;
using Platform.Web.Infrastructure.Caching;

namespace Platform.Tests.Lessons;

public sealed class LessonPageCacheTests(LessonsFactory factory) : IClassFixture<LessonsFactory>
{
    [Fact]
    public async Task Visitors_get_the_cached_page_until_the_lesson_changes_while_signed_in_learners_always_get_a_fresh_one()
    {
        using var visitor = factory.CreateClient();
        var first = await visitor.GetAsync("/courses/demo/third");
        Assert.False(first.Headers.Contains("Set-Cookie"), "An anonymous lesson page must set no cookie, or it could not be shared.");
        Assert.Contains("세 번째 걸음", await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Change the title behind the app's back: only a fresh render can show it.
        await using (var db = factory.CreateDbContext())
        {
            await db.Lessons.Where(l => l.Slug == "third").ExecuteUpdateAsync(s => s.SetProperty(l => l.Title, "바뀐 제목"));
        }

        var cached = await visitor.GetDocumentAsync("/courses/demo/third");
        Assert.Equal("세 번째 걸음", cached.QuerySelector("h1")!.TextContent);

        await factory.CreateUserAsync("cache-reader@example.com");
        using var learner = await factory.SignedInClientAsync("cache-reader@example.com");
        var personal = await learner.GetDocumentAsync("/courses/demo/third");
        Assert.Equal("바뀐 제목", personal.QuerySelector("h1")!.TextContent);

        int lessonId;
        await using (var db = factory.CreateDbContext())
        {
            lessonId = await db.Lessons.Where(l => l.Slug == "third").Select(l => l.Id).SingleAsync();
        }
        await factory.Services.GetRequiredService<PageCacheEviction>().LessonChangedAsync(lessonId);
        var fresh = await visitor.GetDocumentAsync("/courses/demo/third");
        Assert.Equal("바뀐 제목", fresh.QuerySelector("h1")!.TextContent);
    }
}
