using Microsoft.AspNetCore.OutputCaching;

namespace Platform.Web.Infrastructure.Caching;

/// Whole-page output cache for what anonymous visitors read. Only anonymous requests are looked up
/// or stored, and never a response that sets a cookie (ASP.NET Core's default output-cache policy):
/// a personal page, or one that carries an antiforgery token, cannot enter the shared cache.
///
/// Each instance keeps its own in-memory cache, so eviction reaches only the instance that made the
/// change; the short expiry bounds how stale another instance's copy can be.
public static class PageCache
{
    public const string LessonPolicy = "lesson-page";
    public const string AllLessonsTag = "lessons";
    public static readonly TimeSpan Expiry = TimeSpan.FromSeconds(60);

    public static WebApplicationBuilder AddPageCache(this WebApplicationBuilder builder)
    {
        builder.Services.AddOutputCache(o =>
            o.AddPolicy(LessonPolicy, b => b.AddPolicy<LessonTags>().Expire(Expiry)));
        builder.Services.AddSingleton<PageCacheEviction>();
        return builder;
    }

    public static string LessonTag(string course, string lesson) => $"lesson:{course}/{lesson}";

    /// Tags a lesson page with its own tag and the tag of all lessons, from its route values.
    private sealed class LessonTags : IOutputCachePolicy
    {
        public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            var values = context.HttpContext.Request.RouteValues;
            context.Tags.Add(AllLessonsTag);
            if (values.TryGetValue("course", out var course) && values.TryGetValue("lesson", out var lesson))
            {
                context.Tags.Add(LessonTag($"{course}", $"{lesson}"));
            }
            return ValueTask.CompletedTask;
        }

        public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

        public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;
    }
}

/// What features call after a change that anonymous pages show (content, publication, comments).
public sealed class PageCacheEviction(IOutputCacheStore store)
{
    public ValueTask LessonChangedAsync(string course, string lesson, CancellationToken ct = default) =>
        store.EvictByTagAsync(PageCache.LessonTag(course, lesson), ct);

    public ValueTask AllLessonsChangedAsync(CancellationToken ct = default) =>
        store.EvictByTagAsync(PageCache.AllLessonsTag, ct);
}
