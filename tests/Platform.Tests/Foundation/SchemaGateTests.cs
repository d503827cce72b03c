using Npgsql;
using Platform.Tests.Infrastructure;
using Platform.Web.Infrastructure.Data;

namespace Platform.Tests.Foundation;

public sealed class SchemaGateTests
{
    [Fact]
    public async Task App_refuses_an_empty_database_and_names_the_migrate_command()
    {
        await using var factory = new UnmigratedFactory();
        await ((IAsyncLifetime)factory).InitializeAsync();
        try
        {
            var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
            var gate = Assert.IsType<SchemaBehindException>(error.GetBaseException());
            Assert.Contains("dotnet run --project migrations/Platform.Migrations", gate.Message, StringComparison.Ordinal);
        }
        finally
        {
            await ((IAsyncLifetime)factory).DisposeAsync();
        }
    }

    [Fact]
    public async Task App_refuses_a_database_one_migration_behind()
    {
        await using var factory = new PlatformFactory();
        await ((IAsyncLifetime)factory).InitializeAsync();
        try
        {
            var latest = SchemaGate.ExpectedMigrations[^1];
            await using (var connection = new NpgsqlConnection(factory.ConnectionString))
            {
                await connection.OpenAsync();
                await using var forget = new NpgsqlCommand("DELETE FROM \"__EFMigrationsHistory\" WHERE migration_id = @id", connection);
                forget.Parameters.AddWithValue("id", latest);
                Assert.Equal(1, await forget.ExecuteNonQueryAsync());
            }

            var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
            var gate = Assert.IsType<SchemaBehindException>(error.GetBaseException());
            Assert.Contains(latest, gate.Message, StringComparison.Ordinal);
            Assert.Contains(DataRegistration.MigrateCommand, gate.Message, StringComparison.Ordinal);
        }
        finally
        {
            await ((IAsyncLifetime)factory).DisposeAsync();
        }
    }

    private sealed class UnmigratedFactory : PlatformFactory
    {
        public override async Task InitializeAsync() =>
            await SetConnectionStringAsync(await TestPostgres.CreateDatabaseAsync(migrated: false));
    }
}
