using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Platform.Web.Infrastructure.Data;

/// Refuses to start the app on a database whose migrations are behind the code.
internal sealed class SchemaGate(IServiceScopeFactory scopes, ILogger<SchemaGate> logger) : IHostedService
{
    public static IReadOnlyList<string> ExpectedMigrations { get; } =
        (typeof(SchemaGate).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "Platform.ExpectedMigrations")?.Value ?? "")
        .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Order(StringComparer.Ordinal)
        .ToList();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        // An empty database has no history table; asking it for applied migrations would log an SQL error.
        var history = db.GetService<IHistoryRepository>();
        var applied = await history.ExistsAsync(cancellationToken)
            ? (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal)
            : [];
        var pending = ExpectedMigrations.Where(m => !applied.Contains(m)).ToList();
        if (pending.Count > 0)
        {
            var message =
                $"The database is behind the code: {pending.Count} migration(s) not applied ({string.Join(", ", pending)}). " +
                $"Run the migrator first: {DataRegistration.MigrateCommand}";
            logger.LogCritical("{Message}", message);
            throw new SchemaBehindException(message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public sealed class SchemaBehindException(string message) : Exception(message);
