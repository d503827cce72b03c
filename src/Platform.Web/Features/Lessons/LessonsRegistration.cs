using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;
using Platform.Web.Infrastructure.Data;
using Platform.Web.Infrastructure.Caching;
using Platform.Web.Infrastructure.Hosting;
using Platform.Web.Features.Lessons.Links;

namespace Platform.Web.Features.Lessons;

public static class LessonsRegistration
{
    public const string ImportOnStartKey = "Platform:ImportContentOnStart";

    /// Register after AddPlatformData: hosted services start in order, so the content import
    /// runs only once the schema gate has passed.
    public static WebApplicationBuilder AddLessons(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(sp => new LessonMarkdown(sp.GetRequiredService<IOptions<SiteOptions>>().Value.PublicUrl));
        builder.Services.AddScoped<ContentImporter>();
        builder.Services.AddSingleton<Search.LessonSearch>();
        builder.Services.AddSingleton<IReadModel>(sp => sp.GetRequiredService<Search.LessonSearch>());
        builder.Services.AddSingleton<LessonCatalog>();
        builder.Services.AddSingleton<IReadModel>(sp => sp.GetRequiredService<LessonCatalog>());
        builder.Services.AddScoped<LessonHealth>();
        builder.Services.AddScoped<LessonPublishing>();
        builder.AddLinkCheck();
        builder.Services.AddHostedService<ContentImportOnStart>();
        builder.Services.AddHealthChecks().AddCheck<ContentHealthCheck>("content", tags: [HealthEndpoints.Ready]);
        return builder;
    }

    public static WebApplication MapLessons(this WebApplication app)
    {
        app.MapGet("/sitemap.xml", Sitemap.RenderAsync);
        app.MapGet(LessonFeed.Path, LessonFeed.RenderAsync);
        return app;
    }
}

/// Imports the content folder at start when `Platform:ImportContentOnStart` is true (the default
/// in Development). A bad file stops the start, with the error naming the file.
internal sealed class ContentImportOnStart(
    IServiceScopeFactory scopes,
    IConfiguration configuration,
    IOptions<SiteOptions> site,
    IHostEnvironment environment,
    ILogger<ContentImportOnStart> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!configuration.GetValue(LessonsRegistration.ImportOnStartKey, false))
        {
            return;
        }
        var path = ContentImporter.ResolveContentPath(site.Value.ContentPath, environment.ContentRootPath);
        await using var scope = scopes.CreateAsyncScope();
        var importer = scope.ServiceProvider.GetRequiredService<ContentImporter>();
        try
        {
            var report = await importer.ImportAsync(path, cancellationToken);
            logger.LogInformation("Content imported from {Path}: {Report}", path, report);
        }
        catch (ContentImportException e)
        {
            logger.LogCritical("Content import failed, nothing was changed: {Message}", e.Message);
            throw;
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// Ready only once content has been imported: an instance on an empty catalog would answer
/// every lesson link with 404.
internal sealed class ContentHealthCheck(IServiceScopeFactory scopes) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
            return await db.Courses.AnyAsync(cancellationToken)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("No content imported; run the migrator's import-content.");
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("The catalog cannot be read.", e);
        }
    }
}
