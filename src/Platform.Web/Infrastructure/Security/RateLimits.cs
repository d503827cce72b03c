using System.Globalization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Platform.Web.Infrastructure.Security;

/// Per-client rate limits, counted in PostgreSQL so that they hold across every app instance.
/// A feature names a limit with <see cref="AddPerClientPolicy"/> and either puts
/// [EnableRateLimiting(name)] on its page (the <see cref="SharedRateLimiting"/> middleware answers
/// 429 before the page runs) or, when the refusal must re-render the form with what was typed,
/// calls <see cref="FormRateLimits.TryAcquireAsync"/> in its POST handler. Limits come from
/// `RateLimits:{name}:PermitLimit` and `RateLimits:{name}:Window`. Only POSTs count: reading a
/// form is never throttled. The client is the connection's address after the forwarded-headers
/// middleware, which believes X-Forwarded-For only from trusted proxies (`Hosting/TrustedProxies`).
public static class RateLimits
{
    public const string SignIn = "SignIn";

    public const string Reports = "Reports";

    public static WebApplicationBuilder AddPlatformRateLimits(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SharedRateLimiter>();
        builder.Services.AddSingleton<FormRateLimits>();
        return builder;
    }

    public static WebApplicationBuilder AddPerClientPolicy(
        this WebApplicationBuilder builder, string name, int permitLimit, TimeSpan window)
    {
        builder.Services.AddOptions<RateLimitOptions>(name)
            .Configure(o => (o.PermitLimit, o.Window) = (permitLimit, window))
            .BindConfiguration($"RateLimits:{name}")
            .Validate(o => o.PermitLimit >= 1, $"RateLimits:{name}:PermitLimit must be a whole number of at least 1.")
            .Validate(o => o.Window > TimeSpan.Zero, $"RateLimits:{name}:Window must be a time span longer than zero (e.g. 00:01:00).")
            .ValidateOnStart();
        return builder;
    }

    /// The same limit as <see cref="AddPerClientPolicy"/>, for a page that checks it in its handler.
    public static WebApplicationBuilder AddPerClientFormLimit(
        this WebApplicationBuilder builder, string name, int permitLimit, TimeSpan window) =>
        builder.AddPerClientPolicy(name, permitLimit, window);

    public static IApplicationBuilder UseSharedRateLimits(this IApplicationBuilder app) =>
        app.UseMiddleware<SharedRateLimiting>();

    internal static void SetRetryAfter(HttpResponse response, TimeSpan retryAfter) =>
        response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}

/// One per-client limit (named options, one per limit): how many POSTs per window.
public sealed class RateLimitOptions
{
    public int PermitLimit { get; set; }

    public TimeSpan Window { get; set; }
}

/// Counts attempts per limit and client in fixed windows (aligned to the Unix epoch, so every
/// instance agrees where a window starts) with one upsert per attempt.
public sealed class SharedRateLimiter(NpgsqlDataSource dataSource, IOptionsMonitor<RateLimitOptions> options, TimeProvider clock)
{
    private static readonly TimeSpan SweepEvery = TimeSpan.FromMinutes(5);
    private long _nextSweepTicks;

    /// Null when the client may go ahead; otherwise how long until its window ends.
    public async Task<TimeSpan?> TryAcquireAsync(string name, string client, CancellationToken ct)
    {
        var limit = options.Get(name);
        if (limit.PermitLimit < 1)
        {
            throw new InvalidOperationException($"No rate limit named {name}: call AddPerClientPolicy.");
        }
        var now = clock.GetUtcNow();
        var windowTicks = limit.Window.Ticks;
        var endsAt = new DateTimeOffset((now.UtcTicks / windowTicks + 1) * windowTicks, TimeSpan.Zero);
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO rate_limit_windows (name, client, ends_at, hits) VALUES (@name, @client, @ends_at, 1)
            ON CONFLICT (name, client, ends_at) DO UPDATE SET hits = rate_limit_windows.hits + 1
            RETURNING hits
            """);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("client", client.Length > 100 ? client[..100] : client);
        command.Parameters.AddWithValue("ends_at", endsAt);
        var hits = (int)(await command.ExecuteScalarAsync(ct))!;
        await SweepIfDueAsync(now, ct);
        return hits <= limit.PermitLimit ? null : endsAt - now;
    }

    /// Ended windows are deleted now and then by whichever instance comes by.
    private async Task SweepIfDueAsync(DateTimeOffset now, CancellationToken ct)
    {
        var next = Interlocked.Read(ref _nextSweepTicks);
        if (now.UtcTicks < next || Interlocked.CompareExchange(ref _nextSweepTicks, (now + SweepEvery).UtcTicks, next) != next)
        {
            return;
        }
        await using var sweep = dataSource.CreateCommand("DELETE FROM rate_limit_windows WHERE ends_at < @now");
        sweep.Parameters.AddWithValue("now", now);
        await sweep.ExecuteNonQueryAsync(ct);
    }

    public static string ClientOf(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}

/// Answers 429 with Retry-After, before the page runs, to a POST over the limit its endpoint
/// names with [EnableRateLimiting(name)]. The status-code page (/Error?code=429) renders the
/// Korean message in the site layout.
internal sealed class SharedRateLimiting(RequestDelegate next, SharedRateLimiter limiter)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var policy = context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName;
        if (policy is not null && HttpMethods.IsPost(context.Request.Method)
            && await limiter.TryAcquireAsync(policy, SharedRateLimiter.ClientOf(context), context.RequestAborted) is { } retryAfter)
        {
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            RateLimits.SetRetryAfter(context.Response, retryAfter);
            return;
        }
        await next(context);
    }
}

/// For forms whose refusal must re-render the form with what was typed (the middleware's 429
/// cannot): the page calls <see cref="TryAcquireAsync"/> in its POST handler.
public sealed class FormRateLimits(SharedRateLimiter limiter)
{
    /// Null when the client may post once more; otherwise how long until it may (and Retry-After is set).
    /// <paramref name="client"/> counts someone other than the connection's address (a learner's account).
    public async Task<TimeSpan?> TryAcquireAsync(string name, HttpContext context, string? client = null)
    {
        var retryAfter = await limiter.TryAcquireAsync(name, client ?? SharedRateLimiter.ClientOf(context), context.RequestAborted);
        if (retryAfter is { } wait)
        {
            RateLimits.SetRetryAfter(context.Response, wait);
        }
        return retryAfter;
    }
}
