using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.EntityFrameworkCore;
using Platform.DevTools;
using Platform.Web.Features.Lessons;
using Platform.Web.Infrastructure.Data;
using Platform.Web.Infrastructure.Localization;

namespace Platform.Migrations;

// The migrator: applies pending migrations and exits 0. Safe to run twice, and safe to run from
// several places at once (EF Core takes a lock on the history table while it migrates).
// `import-content [path] [--lang ko|en]` imports the content folder instead (see docs/authoring.md).
internal static class Migrator
{
    public const string ImportContentVerb = "import-content";

    /// Prints the connection string of the development database (starting the private cluster in
    /// .data/postgres when none is configured): ./run.sh hands it to the web app.
    public const string ConnectionStringVerb = "connection-string";

    public static async Task<int> Main(string[] args)
    {
        var importContent = args.Length > 0 && args[0] == ImportContentVerb;
        string? contentArgument = null;
        if (importContent)
        {
            contentArgument = args.Length > 1 && !args[1].StartsWith('-') ? args[1] : null;
            args = args[(contentArgument is null ? 1 : 2)..];
        }

        if (args.Length > 0 && args[0] == ConnectionStringVerb)
        {
            var configuration = Host.CreateApplicationBuilder(args[1..]);
            try
            {
                Console.Out.Write(await ConnectionStringAsync(configuration.Configuration, configuration.Environment));
                return 0;
            }
            catch (Exception e) when (e is PrivatePostgresUnavailableException or InvalidOperationException)
            {
                await Console.Error.WriteLineAsync(e.Message);
                return 2;
            }
        }

        var builder = Host.CreateApplicationBuilder(args);
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        using var host = builder.Build();
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Platform.Migrations");

        try
        {
            var connectionString = await ConnectionStringAsync(builder.Configuration, builder.Environment);
            await using var db = MigrationsDbContextFactory.Create(connectionString);
            var pending = (await db.Database.GetPendingMigrationsAsync()).ToList();
            if (importContent)
            {
                return await ImportContentAsync(db, pending, contentArgument, builder.Configuration, builder.Environment, logger);
            }
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

    /// `ConnectionStrings:Platform`, or in Development the private cluster, created and started on first use.
    private static async Task<string> ConnectionStringAsync(IConfiguration configuration, IHostEnvironment environment) =>
        string.IsNullOrWhiteSpace(configuration.GetConnectionString("Platform")) && environment.IsDevelopment()
            ? await DevDatabase.ConnectionStringAsync(RepositoryPaths.DataDirectory(environment.ContentRootPath))
            : DataRegistration.ResolveConnectionString(configuration);

    private static async Task<int> ImportContentAsync(
        PlatformDbContext db, List<string> pending, string? contentArgument, IConfiguration configuration, IHostEnvironment environment, ILogger logger)
    {
        if (pending.Count > 0)
        {
            logger.LogCritical("The database is behind the code ({Count} migration(s) pending). Run the migrator first: {Command}",
                pending.Count, DataRegistration.MigrateCommand);
            return 1;
        }
        var path = contentArgument is not null
            ? Path.GetFullPath(contentArgument)
            : ContentImporter.ResolveContentPath(configuration["Platform:ContentPath"] ?? "content", environment.ContentRootPath);
        var importer = new ContentImporter(db, new LessonMarkdown(configuration["Platform:PublicUrl"]), TimeProvider.System);
        // What is wrong with a file is said in --lang, else in the culture of the shell (LANG),
        // else in Korean.
        using var language = Languages.Use(Languages.Find(configuration["lang"]) ?? Languages.Find(CultureInfo.CurrentUICulture.Name));
        try
        {
            var report = await importer.ImportAsync(path);
            logger.LogInformation("Imported {Path}: {Report}", path, report);
            return 0;
        }
        catch (ContentImportException e)
        {
            logger.LogCritical("Import stopped, nothing was changed. {Message}", e.Message);
            return 1;
        }
    }
}
