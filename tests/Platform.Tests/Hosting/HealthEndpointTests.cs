using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Platform.Tests.Infrastructure;
using Platform.Tests.Lessons;
using Platform.Web.Features.Lessons;

namespace Platform.Tests.Hosting;

public sealed class HealthEndpointTests(PlatformFactory factory) : IClassFixture<PlatformFactory>
{
    [Fact]
    public async Task Ready_needs_imported_content_and_current_migrations_while_live_and_healthz_only_need_the_process_and_database()
    {
        using var client = factory.CreateClient();

        // A migrated database without content: alive, database up, but not ready for traffic.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        var empty = await client.GetAsync("/healthz/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, empty.StatusCode);
        var emptyText = await empty.Content.ReadAsStringAsync();
        Assert.Contains("content: Unhealthy", emptyText, StringComparison.Ordinal);
        Assert.Contains("migrations: Healthy", emptyText, StringComparison.Ordinal);
        Assert.Contains("database: Healthy", emptyText, StringComparison.Ordinal);

        using (var content = new ContentFolder())
        {
            content.Course("ready", "준비 강좌", ("m", "모듈"));
            content.Lesson("ready", "m", "one", 1);
            await factory.WithScopeAsync(services => services.GetRequiredService<ContentImporter>().ImportAsync(content.Root));
        }
        var ready = await client.GetAsync("/healthz/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("no-store", ready.Headers.CacheControl?.ToString());

        // The database loses a migration the code expects (restored from a backup taken before it).
        string removed;
        await using (var db = new NpgsqlConnection(factory.ConnectionString))
        {
            await db.OpenAsync();
            await using var delete = new NpgsqlCommand(
                """DELETE FROM "__EFMigrationsHistory" WHERE migration_id = (SELECT max(migration_id) FROM "__EFMigrationsHistory") RETURNING migration_id, product_version """, db);
            await using var reader = await delete.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            removed = reader.GetString(0);
            var version = reader.GetString(1);
            await reader.CloseAsync();
            try
            {
                var behind = await client.GetAsync("/healthz/ready");
                Assert.Equal(HttpStatusCode.ServiceUnavailable, behind.StatusCode);
                Assert.Contains("migrations: Unhealthy (1 migration(s) not applied", await behind.Content.ReadAsStringAsync(), StringComparison.Ordinal);
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz/live")).StatusCode);
            }
            finally
            {
                await using var restore = new NpgsqlCommand(
                    """INSERT INTO "__EFMigrationsHistory" (migration_id, product_version) VALUES (@id, @version)""", db);
                restore.Parameters.AddWithValue("id", removed);
                restore.Parameters.AddWithValue("version", version);
                await restore.ExecuteNonQueryAsync();
            }
        }
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz/ready")).StatusCode);
    }
}
