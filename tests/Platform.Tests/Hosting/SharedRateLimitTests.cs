using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Hosting;

/// Two app instances on one database, as behind a load balancer: the per-client limits are
/// counted in PostgreSQL, so they do not double. The peer address of each request is set by the
/// test (what a TCP connection would carry), so trusted and untrusted proxies can be played.
public sealed class SharedRateLimitTests : IAsyncLifetime
{
    private const string TrustedProxy = "10.20.0.5";
    private string _connectionString = "";
    private PeerApp _first = null!;
    private PeerApp _second = null!;

    public async Task InitializeAsync()
    {
        _connectionString = await TestPostgres.CreateDatabaseAsync();
        _first = PeerApp.Start(_connectionString);
        _second = PeerApp.Start(_connectionString);
    }

    public async Task DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        await TestPostgres.DropDatabaseAsync(_connectionString);
    }

    [Fact]
    public async Task The_sign_in_limit_trips_at_its_count_whichever_instance_answers()
    {
        var clients = new[] { _first.Browser("192.0.2.10"), _second.Browser("192.0.2.10") };
        var fields = new Dictionary<string, string> { ["Input.Email"] = "guess@example.com", ["Input.Password"] = "guessing" };
        for (var i = 0; i < 3; i++)
        {
            var allowed = await clients[i % 2].SubmitFormAsync("/Identity/Account/Login", "form#account", fields);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }
        foreach (var client in clients)
        {
            var refused = await client.SubmitFormAsync("/Identity/Account/Login", "form#account", fields);
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        }

        // Registration and password mail share the limit; another client has its own.
        var register = await clients[0].SubmitFormAsync("/Identity/Account/ForgotPassword", "form#forgot-password", new Dictionary<string, string> { ["Input.Email"] = "a@example.com" });
        Assert.Equal(HttpStatusCode.TooManyRequests, register.StatusCode);
        var other = await _second.Browser("192.0.2.99").SubmitFormAsync("/Identity/Account/Login", "form#account", fields);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task The_report_form_limit_holds_across_instances()
    {
        var clients = new[] { _first.Browser("192.0.2.20"), _second.Browser("192.0.2.20") };
        for (var i = 1; i <= 3; i++)
        {
            var accepted = await clients[i % 2].SubmitFormAsync("/report", "form#report-form", Report($"{i}번째 신고 내용이에요."));
            Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        }
        var refused = await clients[0].SubmitFormAsync("/report", "form#report-form", Report("네 번째 신고 내용이에요."));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
    }

    [Fact]
    public async Task Forwarded_client_addresses_count_only_from_trusted_proxies()
    {
        var fields = new Dictionary<string, string> { ["Input.Email"] = "guess@example.com", ["Input.Password"] = "guessing" };

        // Behind the configured proxy, each real client has its own count.
        for (var i = 0; i < 5; i++)
        {
            using var viaProxy = _first.Browser(TrustedProxy, forwardedFor: $"198.51.100.{i + 1}");
            var allowed = await viaProxy.SubmitFormAsync("/Identity/Account/Login", "form#account", fields);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        // A client that sends X-Forwarded-For itself is counted by its own address, whatever it claims.
        for (var i = 0; i < 3; i++)
        {
            using var spoofing = _second.Browser("203.0.113.7", forwardedFor: $"198.51.100.{100 + i}");
            var allowed = await spoofing.SubmitFormAsync("/Identity/Account/Login", "form#account", fields);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }
        using var caught = _first.Browser("203.0.113.7", forwardedFor: "198.51.100.200");
        var refused = await caught.SubmitFormAsync("/Identity/Account/Login", "form#account", fields);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
    }

    private static Dictionary<string, string> Report(string description) => new()
    {
        ["Input.Category"] = "Typo",
        ["Input.Description"] = description,
    };

    /// One instance; every request arrives from the peer address its client names.
    private sealed class PeerApp(string connectionString) : PlatformFactory
    {
        public const string PeerHeader = "X-Test-Peer";

        public static PeerApp Start(string connectionString)
        {
            var app = new PeerApp(connectionString);
            app.InitializeAsync().GetAwaiter().GetResult();
            _ = app.Services;
            return app;
        }

        public override Task InitializeAsync() => SetConnectionStringAsync(connectionString);

        public HttpClient Browser(string peer, string? forwardedFor = null)
        {
            var client = CreateBrowser();
            client.DefaultRequestHeaders.Add(PeerHeader, peer);
            if (forwardedFor is not null)
            {
                client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
            }
            return client;
        }

        protected override IEnumerable<(string Key, string Value)> Settings() =>
        [
            ("RateLimits:SignIn:PermitLimit", "3"),
            ("RateLimits:SignIn:Window", "01:00:00"),
            ("RateLimits:Reports:PermitLimit", "3"),
            ("ForwardedHeaders:KnownProxies", TrustedProxy),
        ];

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddTransient<IStartupFilter, PeerAddressFilter>());
        }

        private sealed class PeerAddressFilter : IStartupFilter
        {
            public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
            {
                // Before the app's own pipeline (forwarded headers first): what the socket would say.
                app.Use((context, nextMiddleware) =>
                {
                    context.Connection.RemoteIpAddress = IPAddress.Parse(context.Request.Headers[PeerHeader].ToString());
                    return nextMiddleware(context);
                });
                next(app);
            };
        }
    }
}
