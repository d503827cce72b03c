using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Platform.Web.Features.Account;
using Platform.Web.Infrastructure.Caching;
using Platform.Web.Infrastructure.Data;

namespace Platform.Tests.Infrastructure;

/// The app on a database of its own, shared by the tests of one class (IClassFixture).
public class PlatformFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    // The sign-in cookie is Secure outside Development, as in production: clients speak https.
    public static readonly Uri BaseAddress = new("https://localhost");

    public PlatformFactory() => ClientOptions.BaseAddress = BaseAddress;

    /// A client that behaves like one browser: its own cookies, on the https address (the sign-in
    /// cookie is Secure), and redirects left for the test to see and follow.
    public HttpClient CreateBrowser() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = BaseAddress });

    public string ConnectionString { get; private set; } = "";

    /// Where this app's outbox writes mail when no SMTP host is set (never the repository's .data).
    public string PickupDirectory { get; } = Path.Combine(Path.GetTempPath(), "platform-mail-" + Guid.NewGuid().ToString("N")[..12]);

    protected virtual string EnvironmentName => "Testing";

    public virtual async Task InitializeAsync()
    {
        ConnectionString = await TestPostgres.CreateDatabaseAsync();
    }

    protected Task SetConnectionStringAsync(string connectionString)
    {
        ConnectionString = connectionString;
        return Task.CompletedTask;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(EnvironmentName);
        builder.UseSetting("ConnectionStrings:Platform", ConnectionString);
        // The app's own log stays quiet in test output but for warnings and errors.
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Warning");
        // Tests sign in many times from one address; the rate-limit tests set their own limit.
        builder.UseSetting("RateLimits:SignIn:PermitLimit", "100000");
        builder.UseSetting("RateLimits:Reports:PermitLimit", "100000");
        builder.UseSetting("RateLimits:Feedback:PermitLimit", "100000");
        builder.UseSetting("Outbox:PickupDirectory", PickupDirectory);
        // The link check fetches the lessons' external addresses; its own tests run it by hand.
        builder.UseSetting("LinkCheck:Enabled", "false");
        foreach (var (key, value) in Settings())
        {
            builder.UseSetting(key, value);
        }
        // Production hashes with 210,000 PBKDF2 iterations; the suite signs in hundreds of times,
        // and a hash records its own count, so tests hash cheaply without changing what is tested.
        builder.ConfigureServices(services => services.PostConfigure<PasswordHasherOptions>(o => o.IterationCount = TestIterationCount));
    }

    public const int TestIterationCount = 1_000;

    /// Extra configuration for a fixture's app.
    protected virtual IEnumerable<(string Key, string Value)> Settings() => [];

    /// Starts the app on a real Kestrel port of the loopback interface and returns its address.
    protected string StartOnKestrel()
    {
        UseKestrel(0);
        StartServer();
        return Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()
            .Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal);
    }

    /// A context on the app's database for a test's own reads and writes. What a test writes
    /// behind the app's back is heard by the running app at once (<see cref="TestWritesHeard"/>),
    /// not moments later through the database's announcement, so the test's next request sees it.
    public PlatformDbContext CreateDbContext()
    {
        var options = new DbContextOptionsBuilder<PlatformDbContext>();
        DataRegistration.ConfigurePlatformDb(options, ConnectionString);
        options.AddInterceptors(new TestWritesHeard(this));
        return new PlatformDbContext(options.Options);
    }

    /// The running app forgets every learner's kept state, as it does when its listener hears
    /// that learners changed (nothing to do before the app has started).
    public void LearnersChanged()
    {
        if (_started)
        {
            Services.GetRequiredService<LearnerStates>().ForgetAll();
        }
    }

    private bool _started;

    protected override IHost CreateHost(IHostBuilder builder)
    {
        var host = base.CreateHost(builder);
        _started = true;
        // The listener drops every kept copy when it first listens (it cannot know what changed
        // before): a test's requests start after that, or a copy they made could go under them.
        if (host.Services.GetServices<IHostedService>().OfType<ReadModelListener>().SingleOrDefault() is { } listener
            && !listener.Listening.Wait(TimeSpan.FromSeconds(30)))
        {
            throw new InvalidOperationException("The read-model listener did not start listening on the test database within 30 s.");
        }
        return host;
    }

    public async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    /// One value read straight from this fixture's database, on a connection of its own.
    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// Runs after the app and its database are gone: a fixture's own resources.
    protected virtual ValueTask OnDisposedAsync() => ValueTask.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await TestPostgres.DropDatabaseAsync(ConnectionString);
        if (Directory.Exists(PickupDirectory))
        {
            Directory.Delete(PickupDirectory, recursive: true);
        }
        await OnDisposedAsync();
    }
}
