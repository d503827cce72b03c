using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Platform.Web.Infrastructure.Data;

namespace Platform.Tests.Infrastructure;

/// The app on a database of its own, shared by the tests of one class (IClassFixture).
public class PlatformFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public string ConnectionString { get; private set; } = "";

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
        foreach (var (key, value) in Settings())
        {
            builder.UseSetting(key, value);
        }
    }

    /// Extra configuration for a fixture's app.
    protected virtual IEnumerable<(string Key, string Value)> Settings() => [];

    public PlatformDbContext CreateDbContext() => Platform.Migrations.MigrationsDbContextFactory.Create(ConnectionString);

    public async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await TestPostgres.DropDatabaseAsync(ConnectionString);
    }
}
