using System.Globalization;
using System.Net.Sockets;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;

namespace Platform.Web.Infrastructure.Hosting;

/// A kept page is answered on the thread that read its request from the socket, as nginx's event
/// loop answers from its cache; everything else is handed to the thread pool at once and runs there.
///
/// Why: a hit is a few microseconds of work, and by default each one crosses threads twice (the
/// socket's event thread hands the read to a pool thread, which hands the write to a send queue).
/// On this two-core machine those hand-offs made the cached visitor page swing between about 0.5×
/// and 0.75× of nginx serving the same bytes, depending on the host's state; answered in place it
/// reads 0.70× or better in both (`bench/results.md`, 2026-11-30).
///
/// How, and what keeps it safe:
/// - Kestrel's <c>UnsafePreferInlineScheduling</c> runs the request on the thread that parsed it
///   and sends on the thread that wrote.
/// - A plain-HTTP connection that has been answered from a copy asks the runtime to complete its
///   socket's reads on the socket thread itself (<c>Socket.PreferInlineCompletions</c>: internal to
///   the runtime, which keeps its setter for use through reflection; without it the mode stays off). Only those sockets: the database's
///   and the mail server's keep the default, and TLS connections never do (a handshake is real work).
/// - Everything that is not a hit — rendering, sign-in, writes, static files — leaves a socket
///   thread before it does any work, and runs under <see cref="PoolContext"/>, so its code resumes
///   on the thread pool even when what it awaited (a request body, a slow client) completes on a
///   socket thread.
/// - Two socket threads per core (the runtime's default on this machine would be one). A socket
///   thread answers the hits of all its ready connections in one pass, so the last of them waits for
///   the others' pages; with two per core each pass is half as long. Under full load a hit's p99 on
///   the scale lesson page read mostly 2–3.5 ms, against 3–7 ms with one per core, at the same
///   throughput (bench/tail.sh). The runtime reads this once, when its first socket is registered;
///   an operator's own <c>DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT</c> is left as it is.
/// <c>Platform:SocketThreadHits=false</c> turns all of it off (the runtime's defaults).
public sealed class SocketThreads(bool enabled)
{
    public const string Key = "Platform:SocketThreadHits";
    /// The page cache's hit and miss counters say where each was answered or rendered.
    public const string MetricTag = "socket_thread";
    private const string ThreadCountVariable = "DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT";

    private static readonly Action<Socket, bool>? PreferInlineCompletions = typeof(Socket)
        .GetProperty("PreferInlineCompletions", BindingFlags.Instance | BindingFlags.NonPublic)?.SetMethod?
        .CreateDelegate<Action<Socket, bool>>();

    public bool Enabled { get; } = enabled;

    private static readonly KeyValuePair<string, object?> OnSocketThreadTag = new(MetricTag, true);
    private static readonly KeyValuePair<string, object?> OnPoolTag = new(MetricTag, false);

    /// On the thread that read the request: a socket thread, not one of the pool's.
    public static bool OnSocketThread => !Thread.CurrentThread.IsThreadPoolThread;

    /// <see cref="MetricTag"/> for the current thread, boxed once (a hit allocates nothing for it).
    public static KeyValuePair<string, object?> ThreadTag => OnSocketThread ? OnSocketThreadTag : OnPoolTag;

    public static WebApplicationBuilder AddSocketThreads(WebApplicationBuilder builder)
    {
        var enabled = builder.Configuration.GetValue(Key, true) && PreferInlineCompletions is not null;
        builder.Services.AddSingleton(new SocketThreads(enabled));
        if (enabled)
        {
            if (Environment.GetEnvironmentVariable(ThreadCountVariable) is null)
            {
                Environment.SetEnvironmentVariable(ThreadCountVariable, (2 * Environment.ProcessorCount).ToString(CultureInfo.InvariantCulture));
            }
            builder.WebHost.UseSockets(o => o.UnsafePreferInlineScheduling = true);
        }
        return builder;
    }

    /// After a hit answered on a pool thread: the connection's next requests are read, and their
    /// hits answered, on the socket's own thread.
    public void Adopt(HttpContext context)
    {
        if (Enabled && !OnSocketThread && context.Features.Get<ITlsConnectionFeature>() is null
            && context.Features.Get<IConnectionSocketFeature>()?.Socket is { } socket)
        {
            PreferInlineCompletions!(socket, true);
        }
    }

    /// Runs the rest of the pipeline on the thread pool.
    public Task RunOnPoolAsync(HttpContext context, RequestDelegate next) =>
        Enabled ? PoolContext.RunAsync(context, next) : next(context);
}

/// Keeps a request's code off the socket threads: a continuation that would resume on one is
/// posted to the thread pool. One that completes on a pool thread already runs there at once, as
/// it would with no context at all (each extra hand-off is a queue, a wake-up and a thread switch:
/// a write's database reply, its batch's answer and its response each made one).
public sealed class PoolContext : SynchronizationContext
{
    private static readonly PoolContext Instance = new();

    private PoolContext()
    {
    }

    public static async Task RunAsync(HttpContext context, RequestDelegate next)
    {
        // Set for this method only: an async method's caller gets its own context back when it
        // suspends, and every continuation posted here runs with it set (see Post).
        SetSynchronizationContext(Instance);
        if (SocketThreads.OnSocketThread)
        {
            await Task.Yield();
        }
        await next(context);
    }

    public override void Post(SendOrPostCallback d, object? state)
    {
        // In place only with stack to spare, as the runtime itself runs a continuation in place.
        if (!SocketThreads.OnSocketThread && RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            Run(d, state);
            return;
        }
        ThreadPool.UnsafeQueueUserWorkItem(static work => Run(work.d, work.state), (d, state), preferLocal: true);
    }

    public override SynchronizationContext CreateCopy() => this;

    private static void Run(SendOrPostCallback callback, object? state)
    {
        var previous = Current;
        SetSynchronizationContext(Instance);
        try
        {
            callback(state);
        }
        finally
        {
            SetSynchronizationContext(previous);
        }
    }
}
