using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Platform.Web.Infrastructure.Data;

namespace Platform.Migrations;

/// Lets `dotnet ef migrations add` build the model without starting the web app or a database.
public sealed class MigrationsDbContextFactory : IDesignTimeDbContextFactory<PlatformDbContext>
{
    public PlatformDbContext CreateDbContext(string[] args) =>
        Create("Host=localhost;Database=platform_design_time;Username=platform");

    public static PlatformDbContext Create(string connectionString)
    {
        var options = new DbContextOptionsBuilder<PlatformDbContext>();
        DataRegistration.ConfigurePlatformDb(options, connectionString);
        return new PlatformDbContext(options.Options);
    }
}
