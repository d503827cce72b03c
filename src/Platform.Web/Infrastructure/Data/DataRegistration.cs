using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using Platform.Web.Infrastructure.Hosting;
using Platform.Web.Infrastructure.Security;

namespace Platform.Web.Infrastructure.Data;

public static class DataRegistration
{
    public const string MigrateCommand = "dotnet run --project migrations/Platform.Migrations";

    /// The PostgreSQL connection string, `ConnectionStrings:Platform`. The web app never starts a
    /// database itself: in development ./run.sh has the migrator start the private cluster in
    /// `.data/postgres` (development tooling, tools/Platform.DevTools) and passes its address on.
    public static string ResolveConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString("Platform") is { Length: > 0 } configured && !string.IsNullOrWhiteSpace(configured)
            ? configured
            : throw new InvalidOperationException(
                "ConnectionStrings:Platform is not set. Set ConnectionStrings__Platform to a PostgreSQL connection string, " +
                "or start the platform with ./run.sh, which starts a private PostgreSQL in .data/postgres.");

    public static void ConfigurePlatformDb(DbContextOptionsBuilder options, string connectionString) =>
        options
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsAssembly("Platform.Migrations"))
            .UseSnakeCaseNamingConvention();

    /// The hot path's connection settings, unless the connection string says otherwise: no
    /// `DISCARD ALL` when a pooled connection is reused (the app sets no session state; its locks
    /// are transaction-scoped), and the statements every page sends prepared once per connection.
    public static string Tune(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        var tuned = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.ContainsKey("No Reset On Close"))
        {
            tuned.NoResetOnClose = true;
        }
        if (!given.ContainsKey("Max Auto Prepare"))
        {
            tuned.MaxAutoPrepare = 64;
            tuned.AutoPrepareMinUsages = 2;
        }
        return tuned.ConnectionString;
    }

    public static WebApplicationBuilder AddPlatformData(this WebApplicationBuilder builder)
    {
        var connectionString = Tune(ResolveConnectionString(builder.Configuration));
        // One data source: EF Core and the hand-written statements share its pool.
        var dataSource = NpgsqlDataSource.Create(connectionString);
        builder.Services.AddSingleton(dataSource);
        // Features watch saves through interceptors of their own (e.g. what a learner's state holds).
        builder.Services.AddDbContextPool<PlatformDbContext>((services, options) => options
            .UseNpgsql(dataSource, npgsql => npgsql.MigrationsAssembly("Platform.Migrations"))
            .UseSnakeCaseNamingConvention()
            .AddInterceptors(services.GetServices<ISaveChangesInterceptor>()));
        builder.Services.AddHostedService<SchemaGate>();
        builder.Services.AddDataProtection()
            .SetApplicationName("Platform")
            .PersistKeysToDbContext<PlatformDbContext>();
        // The cookies and antiforgery tokens each browser sends again and again: read once.
        RememberedPayloads.Register(builder.Services);
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>(HealthEndpoints.Database, tags: [HealthEndpoints.Ready])
            .AddCheck<MigrationsHealthCheck>("migrations", tags: [HealthEndpoints.Ready]);
        return builder;
    }
}

internal sealed class DatabaseHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(timeout.Token);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or System.Net.Sockets.SocketException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL does not answer.", e);
        }
    }
}

/// Ready only on a database that has every migration this code expects.
internal sealed class MigrationsHealthCheck(IServiceScopeFactory scopes) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
            var applied = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
            var pending = SchemaGate.ExpectedMigrations.Count(m => !applied.Contains(m));
            return pending == 0
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"{pending} migration(s) not applied; run {DataRegistration.MigrateCommand}.");
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("The migration history cannot be read.", e);
        }
    }
}
