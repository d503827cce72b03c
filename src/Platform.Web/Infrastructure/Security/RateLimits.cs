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
        var section = builder.Configuration.GetSection($"RateLimits:{name}");
        var limit = section.GetValue("PermitLimit", permitLimit);
        var span = section.GetValue("Window", window);
        builder.Services.Configure<RateLimiterOptions>(options => options.AddPolicy(name, context =>
            !HttpMethods.IsPost(context.Request.Method)
                ? RateLimitPartition.GetNoLimiter("read")
                : RateLimitPartition.GetFixedWindowLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = limit, Window = span, QueueLimit = 0 })));
        return builder;
    }

    /// A per-client limit that a page checks inside its POST handler, for forms whose refusal must
    /// re-render the form with what was typed (the middleware's 429 cannot). Same configuration
    /// keys as <see cref="AddPerClientPolicy"/>; the page calls <see cref="FormRateLimits.TryAcquire"/>.
    public static WebApplicationBuilder AddPerClientFormLimit(
        this WebApplicationBuilder builder, string name, int permitLimit, TimeSpan window)
    {
        var section = builder.Configuration.GetSection($"RateLimits:{name}");
        var limit = section.GetValue("PermitLimit", permitLimit);
        var span = section.GetValue("Window", window);
        builder.Services.TryAddSingleton<FormRateLimits>();
        builder.Services.Configure<FormRateLimitOptions>(o => o.Limits[name] = (limit, span));
        return builder;
    }
}

public sealed class FormRateLimitOptions
{
    public Dictionary<string, (int PermitLimit, TimeSpan Window)> Limits { get; } = [];
}

/// The limiters of <see cref="RateLimits.AddPerClientFormLimit"/>, one fixed window per client address.
public sealed class FormRateLimits(IOptions<FormRateLimitOptions> options) : IDisposable
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
        var (limit, window) = options.Value.Limits.TryGetValue(name, out var configured)
            ? configured
            : throw new InvalidOperationException($"No form rate limit named {name}: call AddPerClientFormLimit.");
        return PartitionedRateLimiter.Create<string, string>(client => RateLimitPartition.GetFixedWindowLimiter(
            client, _ => new FixedWindowRateLimiterOptions { PermitLimit = limit, Window = window, QueueLimit = 0 }));
    }
}
