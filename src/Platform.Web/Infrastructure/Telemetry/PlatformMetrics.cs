using System.Diagnostics.Metrics;

namespace Platform.Web.Infrastructure.Telemetry;

/// The platform's own instruments, on the meter <see cref="MeterName"/>. Features add to them
/// where the thing happens; OpenTelemetry exports them when an OTLP endpoint is configured.
public static class PlatformMetrics
{
    public const string MeterName = "Platform";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> MailSent =
        Meter.CreateCounter<long>("platform.outbox.sent", "{message}", "Messages the SMTP server accepted.");

    public static readonly Counter<long> MailFailures =
        Meter.CreateCounter<long>("platform.outbox.failures", "{message}", "Failed send attempts (parked=true: the last one).");

    public static readonly Counter<long> CommentsPosted =
        Meter.CreateCounter<long>("platform.comments.posted", "{comment}", "Comments and replies posted.");

    public static readonly Counter<long> ReportsSubmitted =
        Meter.CreateCounter<long>("platform.reports.submitted", "{report}", "Problem reports stored.");

    public static readonly Counter<long> LessonsCompleted =
        Meter.CreateCounter<long>("platform.lessons.completed", "{completion}", "Lessons newly marked done by learners.");

    public static readonly Counter<long> CacheHits =
        Meter.CreateCounter<long>("platform.cache.hits", "{request}", "Pages served from a kept copy (socket_thread=true: answered on the thread that read the request).");

    public static readonly Counter<long> CacheMisses =
        Meter.CreateCounter<long>("platform.cache.misses", "{request}", "Pages rendered and kept because no copy was held (socket_thread is always false: renders run on the thread pool).");

    public static readonly Counter<long> CacheEvictions =
        Meter.CreateCounter<long>("platform.cache.evictions", "{eviction}", "Evictions of cached pages after a change.");

    private static int _outboxObserved;

    /// The outbox's backlog, read from the database when the exporter collects (once per export
    /// interval): rows waiting (queued or being sent) and how long the oldest due one has waited.
    /// Registered once per process, by the first instance whose telemetry is on.
    internal static void ObserveOutbox(Func<(long Depth, double OldestDueAgeSeconds)> sample)
    {
        if (Interlocked.Exchange(ref _outboxObserved, 1) == 1)
        {
            return;
        }
        Meter.CreateObservableGauge("platform.outbox.depth", () => sample().Depth,
            "{message}", "Messages queued or being sent.");
        Meter.CreateObservableGauge("platform.outbox.oldest_due_age", () => sample().OldestDueAgeSeconds,
            "s", "How long the oldest due message has been waiting (0 when none is due).");
    }
}
