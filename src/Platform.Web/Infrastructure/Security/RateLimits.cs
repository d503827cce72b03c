using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Platform.Web.Infrastructure.Security;

/// Per-client rate limits. A feature adds a named policy with <see cref="AddPerClientPolicy"/> and
/// puts [EnableRateLimiting(name)] on its page; limits come from `RateLimits:{name}:PermitLimit`
/// and `RateLimits:{name}:Window`. Only POSTs count: reading a form is never throttled.
public static class RateLimits
{
    public const string SignIn = "SignIn";

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
}
