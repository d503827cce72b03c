using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;
using Platform.Web.Infrastructure.Localization;
using Platform.Web.Infrastructure.Telemetry;

namespace Platform.Web.Infrastructure.Caching;

/// Whole-page output cache for what anonymous visitors read. Only anonymous requests are looked up
/// or stored, and never a response that sets a cookie (ASP.NET Core's default output-cache policy):
/// a personal page, or one that carries an antiforgery token, cannot enter the shared cache.
///
/// Each instance keeps its own in-memory cache; the database announces every change that a cached
/// page shows (<see cref="ReadModelListener"/>), so each instance evicts its copies within moments.
/// The expiry is only a backstop.
public static class PageCache
{
    public const string LessonPolicy = "lesson-page";

    /// The catalog, course and tag pages: they change only with the content.
    public const string CatalogPolicy = "catalog-page";
    public const string AllLessonsTag = "lessons";
    public static readonly TimeSpan Expiry = TimeSpan.FromMinutes(10);

    public static WebApplicationBuilder AddPageCache(this WebApplicationBuilder builder)
    {
        builder.Services.AddOutputCache(o =>
        {
            o.AddPolicy(LessonPolicy, b => b.Tag(AllLessonsTag).Expire(Expiry).VaryByValue(InterfaceLanguage).AddPolicy<VisitorsOnly>().AddPolicy<CountingPolicy>());
            o.AddPolicy(CatalogPolicy, b => b.Tag(AllLessonsTag).Expire(Expiry).VaryByValue(InterfaceLanguage).AddPolicy<VisitorsOnly>().AddPolicy<CountingPolicy>());
        });
        builder.Services.AddSingleton<PageCacheEviction>();
        builder.Services.AddHostedService<ReadModelListener>();
        return builder;
    }

    // One copy per interface language: the request localization middleware has already chosen it
    // (culture cookie, then Accept-Language), so the raw headers need not be part of the key.
    private static KeyValuePair<string, string> InterfaceLanguage(HttpContext context) =>
        new("lang", Languages.Current);

    public static string LessonTag(int lessonId) => $"lesson:{lessonId}";

    /// Tags the page being rendered with its lesson, so a change to that lesson (its comments, say)
    /// evicts exactly its cached copies, the visitors' and the learners'. A no-op when the request
    /// is not being cached.
    public static void TagLesson(HttpContext context, int lessonId)
    {
        context.Features.Get<IOutputCacheFeature>()?.Context.Tags.Add(LessonTag(lessonId));
        if (context.Features.Get<ShownLesson>() is { } shown)
        {
            shown.Id = lessonId;
        }
    }
}

/// Set while a page that a learner's cache may keep is rendered: the lesson it shows, if any.
public sealed class ShownLesson
{
    public int? Id { get; set; }
}

/// The cache runs before authentication (a hit then costs no more than the cache itself), so the
/// framework's own rule, "only an unauthenticated user", cannot see who is signed in yet: a request
/// that carries the sign-in cookie is kept out of the cache here instead, valid or not.
internal sealed class VisitorsOnly(IOptionsMonitor<CookieAuthenticationOptions> cookies) : IOutputCachePolicy
{
    private readonly string _cookieName = cookies.Get(IdentityConstants.ApplicationScheme).Cookie.Name!;

    public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        if (context.HttpContext.Request.Cookies.ContainsKey(_cookieName))
        {
            context.AllowCacheLookup = false;
            context.AllowCacheStorage = false;
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;
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
