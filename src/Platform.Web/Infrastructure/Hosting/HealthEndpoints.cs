using System.Text;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Platform.Web.Infrastructure.Hosting;

/// Health for people and orchestrators:
/// `/healthz` 200 when the database answers (its meaning since the start);
/// `/healthz/live` 200 while the process answers at all (restart it when not);
/// `/healthz/ready` 200 when this instance should get traffic: every check tagged
/// <see cref="Ready"/> passes (database reachable, migrations current, content imported) and the
/// instance is not shutting down. 503 otherwise, with one line per check saying which failed.
public static class HealthEndpoints
{
    public const string Ready = "ready";

    public const string Database = "database";

    public static IHealthChecksBuilder AddPlatformHealth(this WebApplicationBuilder builder) =>
        builder.Services.AddHealthChecks().AddCheck<NotStoppingHealthCheck>("accepting", tags: [Ready]);

    public static WebApplication MapPlatformHealth(this WebApplication app)
    {
        Map(app, "/healthz", c => c.Name == Database);
        Map(app, "/healthz/live", _ => false);
        Map(app, "/healthz/ready", c => c.Tags.Contains(Ready));
        return app;
    }

    private static void Map(WebApplication app, string path, Func<HealthCheckRegistration, bool> predicate) =>
        app.MapHealthChecks(path, new HealthCheckOptions
        {
            Predicate = predicate,
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
            ResponseWriter = WriteAsync,
        }).DisableHttpMetrics();

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        var text = new StringBuilder(report.Status.ToString()).Append('\n');
        foreach (var (name, entry) in report.Entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            text.Append(name).Append(": ").Append(entry.Status);
            if (entry.Status != HealthStatus.Healthy && entry.Description is { } description)
            {
                text.Append(" (").Append(description).Append(')');
            }
            text.Append('\n');
        }
        return context.Response.WriteAsync(text.ToString());
    }
}

/// Unhealthy from the moment the host starts shutting down, so a load balancer that probes
/// readiness stops sending new requests while the ones in flight finish.
internal sealed class NotStoppingHealthCheck(IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(lifetime.ApplicationStopping.IsCancellationRequested
            ? HealthCheckResult.Unhealthy("Shutting down.")
            : HealthCheckResult.Healthy());
}
