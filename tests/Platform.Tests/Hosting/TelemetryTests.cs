using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Hosting;

/// The app as a process with OTEL_EXPORTER_OTLP_ENDPOINT pointing at a receiver in the test:
/// the platform's own metrics, ASP.NET Core's and Npgsql's arrive, traces too, and the JSON log
/// lines carry the trace id of the request they belong to.
public sealed class TelemetryTests
{
    [Fact]
    public async Task With_an_otlp_endpoint_the_platform_exports_its_metrics_and_traces_and_logs_json_with_the_trace_id()
    {
        await using var receiver = OtlpReceiver.Start();
        await using var mail = await ProcessMail.StartAsync();
        var settings = mail.Settings().Concat([
            ("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.Endpoint),
            ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"),
            ("OTEL_METRIC_EXPORT_INTERVAL", "1000"),
            ("OTEL_BSP_SCHEDULE_DELAY", "500"),
            ("Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics", "Information"),
        ]);
        await using var app = AppProcess.Start(mail.ConnectionString, settings);
        await app.WaitReadyAsync();

        // Things the platform counts: a mail sent, a lesson page rendered then served from the cache.
        await mail.QueueAsync("otel", 1);
        await mail.Smtp.WaitForAsync(m => m.Count == 1);
        using var visitor = new HttpClient { BaseAddress = app.BaseAddress };
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync("/courses/ops/first")).StatusCode);
        }

        var metrics = await WaitForAsync(() => receiver.Metrics, m =>
            Has(m, "Platform", "platform.outbox.sent", v => v >= 1)
            && Has(m, "Platform", "platform.cache.hits", v => v >= 1)
            && Has(m, "Platform", "platform.cache.misses", v => v >= 1)
            && Has(m, "Platform", "platform.outbox.depth", v => v >= 0)
            && Has(m, "Platform", "platform.outbox.oldest_due_age", v => v >= 0)
            && m.Any(x => x.Name == "http.server.request.duration")
            && m.Any(x => x.Scope == "Npgsql"), app);
        Assert.Contains(metrics, m => m.Scope == "Microsoft.AspNetCore.Hosting");

        // A request's log line is one JSON object whose scope names the trace that was exported.
        var spans = await WaitForAsync(() => receiver.Spans, s => s.Any(span => span.Name.StartsWith("GET", StringComparison.Ordinal)), app);
        var traceIds = app.Output
            .Where(line => line.StartsWith('{'))
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Where(log => log.GetProperty("Category").GetString() == "Microsoft.AspNetCore.Hosting.Diagnostics")
            .SelectMany(log => log.GetProperty("Scopes").EnumerateArray())
            .Where(scope => scope.ValueKind == JsonValueKind.Object && scope.TryGetProperty("TraceId", out _))
            .Select(scope => scope.GetProperty("TraceId").GetString())
            .ToHashSet();
        Assert.Contains(spans, span => traceIds.Contains(span.TraceId));
    }

    [Fact]
    public async Task Without_an_otlp_endpoint_telemetry_is_not_set_up_at_all_nor_a_trace_per_request()
    {
        await using var plain = new PlatformFactory();
        await ((IAsyncLifetime)plain).InitializeAsync();
        try
        {
            Assert.Null(plain.Services.GetService<MeterProvider>());
            Assert.Null(plain.Services.GetService<TracerProvider>());
            // Nor does hosting open a log scope and start an Activity for every request, which it
            // does whenever its category logs at any level (appsettings.json turns it off).
            var hosting = plain.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics");
            Assert.False(hosting.IsEnabled(LogLevel.Critical));
        }
        finally
        {
            await ((IAsyncLifetime)plain).DisposeAsync();
        }
    }

    private static bool Has(IReadOnlyList<ReceivedMetric> metrics, string scope, string name, Func<double, bool> value) =>
        metrics.Any(m => m.Scope == scope && m.Name == name && m.Value is { } v && value(v));

    private static async Task<IReadOnlyList<T>> WaitForAsync<T>(Func<IReadOnlyList<T>> read, Func<IReadOnlyList<T>, bool> condition, AppProcess app)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (true)
        {
            var items = read();
            if (condition(items))
            {
                return items;
            }
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("Not everything arrived: " + string.Join(", ", items.Select(i => i!.ToString()).Distinct().Take(60)) + "\n" + app.Describe());
            }
            await Task.Delay(200);
        }
    }
}
