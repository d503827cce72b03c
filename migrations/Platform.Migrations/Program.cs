using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.EntityFrameworkCore;
using Platform.Web.Infrastructure.Data;

namespace Platform.Migrations;

// The migrator: applies pending migrations and exits 0. Safe to run twice, and safe to run from
// several places at once (EF Core takes a lock on the history table while it migrates).
internal static class Migrator
{
    public static async Task<int> Main(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        using var host = builder.Build();
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Platform.Migrations");

        try
        {
            var connectionString = DataRegistration.ResolveConnectionString(builder.Configuration, builder.Environment);
            await using var db = MigrationsDbContextFactory.Create(connectionString);
            var pending = (await db.Database.GetPendingMigrationsAsync()).ToList();
            if (pending.Count == 0)
            {
                logger.LogInformation("The database is up to date; nothing to apply.");
                return 0;
            }
            logger.LogInformation("Applying {Count} migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
            await db.Database.MigrateAsync();
            logger.LogInformation("Done.");
            return 0;
        }
        catch (PrivatePostgresUnavailableException e)
        {
            logger.LogCritical("{Message}", e.Message);
            return 2;
        }
    }
}
