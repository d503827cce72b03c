using Microsoft.AspNetCore.OutputCaching;
using Platform.Web.Infrastructure.Telemetry;

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
            o.AddPolicy(LessonPolicy, b => b.Tag(AllLessonsTag).Expire(Expiry).AddPolicy<CountingPolicy>()));
        builder.Services.AddSingleton<PageCacheEviction>();
        return builder;
    }

    public static string LessonTag(int lessonId) => $"lesson:{lessonId}";

    /// Tags the page being rendered with its lesson, so a change to that lesson (its comments, say)
    /// evicts exactly its cached copies. A no-op when the request is not being cached.
    public static void TagLesson(HttpContext context, int lessonId) =>
        context.Features.Get<IOutputCacheFeature>()?.Context.Tags.Add(LessonTag(lessonId));
}

/// What features call after a change that anonymous pages show (content, publication, comments).
public sealed class PageCacheEviction(IOutputCacheStore store)
{
    public ValueTask LessonChangedAsync(int lessonId, CancellationToken ct = default)
    {
        PlatformMetrics.CacheEvictions.Add(1);
        return store.EvictByTagAsync(PageCache.LessonTag(lessonId), ct);
    }

    public ValueTask AllLessonsChangedAsync(CancellationToken ct = default)
    {
        PlatformMetrics.CacheEvictions.Add(1);
        return store.EvictByTagAsync(PageCache.AllLessonsTag, ct);
    }
}

/// Counts hits and misses of the page cache for the platform's metrics.
internal sealed class CountingPolicy : IOutputCachePolicy
{
    public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        PlatformMetrics.CacheHits.Add(1);
        return ValueTask.CompletedTask;
    }

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        if (context.AllowCacheLookup)
        {
            PlatformMetrics.CacheMisses.Add(1);
        }
        return ValueTask.CompletedTask;
    }
}
