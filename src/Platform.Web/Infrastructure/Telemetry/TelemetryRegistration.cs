using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Platform.Web.Infrastructure.Telemetry;

/// OpenTelemetry traces and metrics (ASP.NET Core, outgoing HTTP, Npgsql, and the platform's own
/// <see cref="PlatformMetrics"/>), exported with OTLP when the standard
/// `OTEL_EXPORTER_OTLP_ENDPOINT` is set and not set up at all otherwise. The exporter reads the
/// other standard variables itself (`OTEL_EXPORTER_OTLP_PROTOCOL`, `OTEL_SERVICE_NAME`,
/// `OTEL_METRIC_EXPORT_INTERVAL`, `OTEL_RESOURCE_ATTRIBUTES`, ...).
public static class TelemetryRegistration
{
    public const string EndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static WebApplicationBuilder AddPlatformTelemetry(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration[EndpointKey]))
        {
            return builder;
        }
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(
                serviceName: builder.Configuration["OTEL_SERVICE_NAME"] ?? "platform-web",
                serviceInstanceId: Environment.MachineName + ":" + Environment.ProcessId))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments("/healthz"))
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                .AddOtlpExporter())
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddNpgsqlInstrumentation()
                .AddMeter(PlatformMetrics.MeterName)
                .AddOtlpExporter());
        builder.Services.AddHostedService<OutboxGauges>();
        return builder;
    }
}

/// Starts the outbox gauges once the app runs; they read the table when collected.
internal sealed class OutboxGauges(NpgsqlDataSource dataSource) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        PlatformMetrics.ObserveOutbox(Sample);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private (long, double) Sample()
    {
        try
        {
            // The collector calls gauges synchronously; Npgsql's synchronous path does real blocking I/O.
            using var command = dataSource.CreateCommand(
                """
                SELECT count(*), coalesce(extract(epoch FROM now() - min(due_at) FILTER (WHERE status = 'queued' AND due_at <= now())), 0)::float8
                  FROM email_outbox WHERE status IN ('queued', 'sending')
                """);
            using var reader = command.ExecuteReader();
            reader.Read();
            return (reader.GetInt64(0), reader.GetDouble(1));
        }
        catch (NpgsqlException)
        {
            return (-1, -1);
        }
    }
}
