using System.Diagnostics;

namespace Platform.Web.Infrastructure.Data;

/// With `Diagnostics:StatementCount` set to true, every response says how many SQL round trips
/// (Npgsql commands and batches) it cost, in a `Server-Timing: db;desc="statements=N"` header:
/// what bench/run.sh prints per page. Off by default: it costs an activity per statement.
public static class StatementCount
{
    public const string SettingKey = "Diagnostics:StatementCount";

    private static readonly AsyncLocal<Counter?> Current = new();

    public static WebApplication UseStatementCount(this WebApplication app)
    {
        if (!app.Configuration.GetValue(SettingKey, false))
        {
            return app;
        }
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStarted = activity =>
            {
                if (Current.Value is { } counter && activity.Kind == ActivityKind.Client && activity.DisplayName != "connect")
                {
                    Interlocked.Increment(ref counter.Statements);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        app.Lifetime.ApplicationStopped.Register(listener.Dispose);
        app.Use(async (context, next) =>
        {
            var counter = new Counter();
            Current.Value = counter;
            context.Response.OnStarting(() =>
            {
                context.Response.Headers.Append("Server-Timing", $"db;desc=\"statements={Volatile.Read(ref counter.Statements)}\"");
                return Task.CompletedTask;
            });
            await next(context);
        });
        return app;
    }

    private sealed class Counter
    {
        public int Statements;
    }
}
