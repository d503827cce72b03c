namespace Platform.Web.Infrastructure.Caching;

/// The pages every reader may be served a copy of (<see cref="PageCopies"/>): they carry one of
/// these policies (`[OutputCache(PolicyName = ...)]`, read as a marker: the copies are ours, not
/// ASP.NET Core's output cache, whose per-hit cost was a fifth of the cached page's).
///
/// Each instance keeps its own copies; the database announces every change that a copy shows
/// (<see cref="ReadModelListener"/>), so each instance drops them within moments. The expiry is
/// only a backstop.
public static class PageCache
{
    public const string LessonPolicy = "lesson-page";

    /// The catalog, course and tag pages: they change only with the content.
    public const string CatalogPolicy = "catalog-page";
    public static readonly TimeSpan Expiry = TimeSpan.FromMinutes(10);

    public static WebApplicationBuilder AddPageCache(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PageCopies>();
        builder.Services.AddSingleton<PageCopyKeys>();
        builder.Services.AddSingleton<PageCacheEviction>();
        builder.Services.AddHostedService<ReadModelListener>();
        return builder;
    }

    /// The lesson the page being rendered shows, so a change to that lesson (its comments, say)
    /// drops exactly its copies. A no-op when the page is not being kept.
    public static void TagLesson(HttpContext context, int lessonId)
    {
        if (context.Features.Get<KeptPage>() is { } kept)
        {
            kept.LessonId = lessonId;
        }
    }
}

/// Set while a page that may be kept is rendered (<see cref="PageCopies"/>).
public sealed class KeptPage(bool shared)
{
    /// Made as the copy every visitor is served: it must carry nothing personal, no antiforgery
    /// token included (the token's cookie would go with it).
    public bool Shared { get; } = shared;

    /// The lesson the page shows, if any.
    public int? LessonId { get; set; }
}
