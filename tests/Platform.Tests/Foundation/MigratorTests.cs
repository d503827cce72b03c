using Npgsql;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Foundation;

public sealed class MigratorTests
{
    [Fact]
    public async Task Migrator_creates_the_schema_on_an_empty_database_and_a_second_run_changes_nothing()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync(migrated: false);
        try
        {
            Assert.Empty(await SchemaAsync(connectionString));

            var first = await MigratorProcess.RunAsync(connectionString);
            Assert.True(first.ExitCode == 0, first.Output);
            var schema = await SchemaAsync(connectionString);
            Assert.Contains(schema, c => c.StartsWith("users.email:", StringComparison.Ordinal));
            Assert.Contains(schema, c => c.StartsWith("__EFMigrationsHistory.migration_id:", StringComparison.Ordinal));
            var history = await HistoryAsync(connectionString);
            Assert.NotEmpty(history);

            var second = await MigratorProcess.RunAsync(connectionString);
            Assert.True(second.ExitCode == 0, second.Output);
            Assert.Contains("nothing to apply", second.Output, StringComparison.Ordinal);
            Assert.Equal(schema, await SchemaAsync(connectionString));
            Assert.Equal(history, await HistoryAsync(connectionString));
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(connectionString);
        }
    }

    private static async Task<List<string>> SchemaAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT table_name || '.' || column_name || ':' || data_type || ':' || is_nullable
            FROM information_schema.columns WHERE table_schema = 'public'
            UNION ALL
            SELECT 'index ' || indexname || ': ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
            ORDER BY 1
            """, connection);
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }
        return rows;
    }

    private static async Task<List<string>> HistoryAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT migration_id FROM \"__EFMigrationsHistory\" ORDER BY 1", connection);
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }
        return rows;
    }
}
