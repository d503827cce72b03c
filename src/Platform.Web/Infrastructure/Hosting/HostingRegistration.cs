using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.Extensions.WebEncoders;
using Platform.Web.Infrastructure.Data;
using Platform.Web.Infrastructure.Security;

namespace Platform.Web.Infrastructure.Hosting;

public static class HostingRegistration
{
    public static WebApplicationBuilder AddPlatformHosting(this WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        if (builder.Environment.IsDevelopment())
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
            });
        }
        else
        {
            // One JSON object per line: what log shippers expect from a server. The scopes carry
            // the request's TraceId and SpanId, so a log line leads to its trace.
            builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
            builder.Logging.AddJsonConsole(o =>
            {
                o.UseUtcTimestamp = true;
                o.IncludeScopes = true;
            });
        }

        builder.Services.Configure<SiteOptions>(builder.Configuration.GetSection(SiteOptions.Section));
        builder.Services.AddSingleton(TimeProvider.System);
        // Korean text goes out as UTF-8 characters, not as numeric entities.
        builder.Services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        builder.Services
            .AddRazorPages(options =>
            {
                // A feature folder holds its pages, entities and services together.
                options.RootDirectory = "/Features";
            });
        QuietTempData.Register(builder.Services);
        builder.Services.Configure<ForwardedHeadersOptions>(o => TrustedProxies.Configure(o, builder.Configuration));
        // Kestrel and the background services stop together: Kestrel stops taking connections at
        // once and lets requests in flight finish while the outbox hands back what it claimed.
        // Platform:ShutdownTimeout bounds the wait; the service manager's own (systemd's
        // TimeoutStopSec, Docker's stop_grace_period) must be longer.
        var shutdownTimeout = builder.Configuration.GetValue("Platform:ShutdownTimeout", TimeSpan.FromSeconds(30));
        builder.Services.Configure<HostOptions>(o =>
        {
            o.ServicesStopConcurrently = true;
            o.ShutdownTimeout = shutdownTimeout;
        });
        SocketThreads.AddSocketThreads(builder);
        builder.AddPlatformHealth();
        builder.AddPlatformRateLimits();
        return builder;
    }

    public static WebApplication UsePlatformHosting(this WebApplication app)
    {
        app.UseStatementCount();
        app.UseForwardedHeaders();
        // As soon as a kept page's key is known (the language, the forwarded scheme and address):
        // a hit skips the error pages, routing, the request checks and authentication.
        app.UseMiddleware<Caching.PageCopyHits>();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error");
            app.UseHsts();
        }
        app.UseStatusCodePagesWithReExecute("/Error", "?code={0}");
        // Inside the status-code pages: its 503 has a body of its own and is not re-executed.
        app.UseMiddleware<DatabaseOutage>();
        app.UseMiddleware<SecurityHeaders>();
        app.UseStaticFiles();
        app.UseRouting();
        // Bounded and clean before anything reads the request (antiforgery, model binding, Identity).
        app.UseMiddleware<RequestBodyLimit>();
        app.UseMiddleware<TextPolicyMiddleware>();
        // A page not served from a copy is kept here, before authentication: it tells whose copy it is.
        app.UseMiddleware<Caching.PageCopyMiddleware>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseSharedRateLimits();

        app.MapPlatformHealth();
        app.MapRazorPages();
        return app;
    }
}
