using System.Collections.Concurrent;
using System.Diagnostics;

namespace Platform.Tests.Infrastructure;

/// Counts the database round trips one request causes: Npgsql reports every command and batch it
/// sends as an activity, and each request measured here carries a trace id of its own (the
/// `traceparent` header, which ASP.NET Core continues), so tests running beside it do not count.
/// Whatever path a statement takes (EF Core, a hand-written NpgsqlCommand, a view component), it
/// is counted.
public sealed class DatabaseRoundTrips : IDisposable
{
    private readonly ConcurrentDictionary<ActivityTraceId, ConcurrentQueue<string>> _statements = new();
    private readonly ActivityListener _listener;

    public DatabaseRoundTrips()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Npgsql" or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.Source.Name == "Npgsql" && _statements.TryGetValue(activity.TraceId, out var list)
                    && activity.Kind == ActivityKind.Client && activity.DisplayName != "connect")
                {
                    list.Enqueue(activity.GetTagItem("db.query.text") as string ?? activity.GetTagItem("db.statement") as string ?? activity.DisplayName);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// Sends a GET and returns the response with the SQL statements it sent.
    public async Task<(HttpResponseMessage Response, IReadOnlyList<string> Statements)> GetAsync(HttpClient client, string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        return await SendAsync(client, request);
    }

    public async Task<(HttpResponseMessage Response, IReadOnlyList<string> Statements)> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        var traceId = ActivityTraceId.CreateRandom();
        var statements = new ConcurrentQueue<string>();
        _statements[traceId] = statements;
        request.Headers.Add("traceparent", $"00-{traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        _statements.TryRemove(traceId, out _);
        return (response, statements.ToList());
    }

    /// GETs <paramref name="url"/> until a request sends no statement, within
    /// <see cref="Eventually.Promise"/>: for what is kept in memory, which an announcement made just
    /// before (by the test's own setup or write) may still drop once, moments after the commit.
    public async Task<bool> SettlesToNoneAsync(HttpClient client, string url)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var (response, statements) = await GetAsync(client, url);
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            if (statements.Count == 0)
            {
                return true;
            }
            if (clock.Elapsed > Eventually.Promise)
            {
                return false;
            }
            await Task.Delay(50);
        }
    }

    public void Dispose() => _listener.Dispose();
}
