using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Hosting;

/// Without tracing, a request carries no log scope (hosting's diagnostics are off); a request that
/// fails still leaves a line naming the id its error page shows the reader, and the path.
public sealed class ErrorLogTests
{
    [Fact]
    public async Task A_failed_request_logs_the_request_id_its_error_page_shows_beside_the_path()
    {
        await using var site = new FailingSite();
        await ((IAsyncLifetime)site).InitializeAsync();
        try
        {
            using var browser = site.CreateBrowser();
            using var response = await browser.GetAsync("/test/boom?x=1");

            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            var shown = (await response.ParseAsync()).QuerySelector(".error-page code")!.TextContent;
            Assert.False(string.IsNullOrWhiteSpace(shown));
            Assert.Contains(site.Lines, line => line.Level == LogLevel.Error
                && line.Message == $"Request {shown} for /test/boom was answered with the 500 error page.");
        }
        finally
        {
            await ((IAsyncLifetime)site).DisposeAsync();
        }
    }

    /// The platform with one address that throws, reached through the whole pipeline (after every
    /// endpoint, as an unknown address is), and a log that keeps what the app writes.
    private sealed class FailingSite : PlatformFactory
    {
        public ConcurrentQueue<(LogLevel Level, string Message)> Lines { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureLogging(logging => logging.AddProvider(new Collector(Lines)));
            builder.ConfigureServices(services => services.AddTransient<IStartupFilter, Boom>());
        }

        private sealed class Boom : IStartupFilter
        {
            public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
            {
                next(app);
                app.Use((context, rest) => context.Request.Path == "/test/boom"
                    ? throw new InvalidOperationException("A failure for the test.")
                    : rest(context));
            };
        }

        private sealed class Collector(ConcurrentQueue<(LogLevel, string)> lines) : ILoggerProvider, ILogger
        {
            public ILogger CreateLogger(string categoryName) => this;

            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    lines.Enqueue((logLevel, formatter(state, exception)));
                }
            }

            public void Dispose()
            {
            }
        }
    }
}
