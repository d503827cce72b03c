using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Platform.Web.Infrastructure.Security;

/// Per-client rate limits. A feature adds a named policy with <see cref="AddPerClientPolicy"/> and
/// puts [EnableRateLimiting(name)] on its page; limits come from `RateLimits:{name}:PermitLimit`
/// and `RateLimits:{name}:Window`. Only POSTs count: reading a form is never throttled.
public static class RateLimits
{
    public const string SignIn = "SignIn";

    public const string Reports = "Reports";

    public static WebApplicationBuilder AddPlatformRateLimits(this WebApplicationBuilder builder)
    {
        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (context, _) =>
            {
                var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                    ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
                    : 60;
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                // The status-code page (/Error?code=429) renders the Korean message in the site layout.
                return ValueTask.CompletedTask;
            };
        });
        return builder;
    }

    public static WebApplicationBuilder AddPerClientPolicy(
        this WebApplicationBuilder builder, string name, int permitLimit, TimeSpan window)
    {
        builder.AddLimitOptions(name, permitLimit, window);
        builder.Services.Configure<RateLimiterOptions>(options => options.AddPolicy(name, context =>
            !HttpMethods.IsPost(context.Request.Method)
                ? RateLimitPartition.GetNoLimiter("read")
                : RateLimitPartition.GetFixedWindowLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => context.RequestServices.GetRequiredService<IOptionsMonitor<RateLimitOptions>>().Get(name).FixedWindow())));
        return builder;
    }

    /// `RateLimits:{name}` over the feature's defaults, checked when the app starts: a limit below
    /// one or an empty window stops the app with the key's name.
    private static void AddLimitOptions(this WebApplicationBuilder builder, string name, int permitLimit, TimeSpan window) =>
        builder.Services.AddOptions<RateLimitOptions>(name)
            .Configure(o => (o.PermitLimit, o.Window) = (permitLimit, window))
            .BindConfiguration($"RateLimits:{name}")
            .Validate(o => o.PermitLimit >= 1, $"RateLimits:{name}:PermitLimit must be a whole number of at least 1.")
            .Validate(o => o.Window > TimeSpan.Zero, $"RateLimits:{name}:Window must be a time span longer than zero (e.g. 00:01:00).")
            .ValidateOnStart();

    /// A per-client limit that a page checks inside its POST handler, for forms whose refusal must
    /// re-render the form with what was typed (the middleware's 429 cannot). Same configuration
    /// keys as <see cref="AddPerClientPolicy"/>; the page calls <see cref="FormRateLimits.TryAcquire"/>.
    public static WebApplicationBuilder AddPerClientFormLimit(
        this WebApplicationBuilder builder, string name, int permitLimit, TimeSpan window)
    {
        builder.AddLimitOptions(name, permitLimit, window);
        builder.Services.TryAddSingleton<FormRateLimits>();
        return builder;
    }
}

/// One per-client limit: how many POSTs per window.
public sealed class RateLimitOptions
{
    public int PermitLimit { get; set; }

    public TimeSpan Window { get; set; }

    public FixedWindowRateLimiterOptions FixedWindow() => new() { PermitLimit = PermitLimit, Window = Window, QueueLimit = 0 };
}

/// The limiters of <see cref="RateLimits.AddPerClientFormLimit"/>, one fixed window per client address.
public sealed class FormRateLimits(IOptionsMonitor<RateLimitOptions> options) : IDisposable
{
    private readonly ConcurrentDictionary<string, PartitionedRateLimiter<string>> _limiters = new();

    /// True when the client may post once more; otherwise how long until it may.
    public bool TryAcquire(string name, HttpContext context, out TimeSpan retryAfter)
    {
        var limiter = _limiters.GetOrAdd(name, Create);
        using var lease = limiter.AttemptAcquire(context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        if (!lease.IsAcquired)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }
        return lease.IsAcquired;
    }

    public void Dispose()
    {
        foreach (var limiter in _limiters.Values)
        {
            limiter.Dispose();
        }
    }

    private PartitionedRateLimiter<string> Create(string name)
    {
        var limit = options.Get(name);
        return PartitionedRateLimiter.Create<string, string>(client => RateLimitPartition.GetFixedWindowLimiter(client, _ => limit.FixedWindow()));
    }
}
