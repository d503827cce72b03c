using System.Net;
using Npgsql;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Foundation;

public sealed class HealthAndHomeTests(PlatformFactory factory) : IClassFixture<PlatformFactory>
{
    [Fact]
    public async Task Healthz_is_200_when_the_database_answers()
    {
        using var client = factory.CreateClient();
        var response = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Home_page_renders_from_the_database_in_the_site_layout()
    {
        using var client = factory.CreateClient();
        var response = await client.GetAsync("/");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<header class=\"site-header\"", html, StringComparison.Ordinal);
        Assert.Contains("C.W.K. Stream", html, StringComparison.Ordinal);
        Assert.Contains("<title>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_page_is_a_friendly_404()
    {
        using var client = factory.CreateClient();
        var response = await client.GetAsync("/no/such/page");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("페이지를 찾을 수 없어요", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/\"", html, StringComparison.Ordinal);
    }
}

public sealed class HealthWhenDatabaseIsGoneTests
{
    [Fact]
    public async Task Healthz_is_503_when_the_database_stops_answering()
    {
        await using var factory = new PlatformFactory();
        await ((IAsyncLifetime)factory).InitializeAsync();
        using var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);

        // Take the app's database away under it: refuse new connections, end the open ones.
        var name = new NpgsqlConnectionStringBuilder(factory.ConnectionString).Database;
        await using (var admin = new NpgsqlConnection(await TestPostgres.ServerConnectionStringAsync()))
        {
            await admin.OpenAsync();
            await using var refuse = new NpgsqlCommand(
                $"ALTER DATABASE {name} ALLOW_CONNECTIONS false; SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'",
                admin);
            await refuse.ExecuteNonQueryAsync();
        }
        try
        {
            var response = await client.GetAsync("/healthz");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        }
        finally
        {
            await using var admin = new NpgsqlConnection(await TestPostgres.ServerConnectionStringAsync());
            await admin.OpenAsync();
            await using var allow = new NpgsqlCommand($"ALTER DATABASE {name} ALLOW_CONNECTIONS true", admin);
            await allow.ExecuteNonQueryAsync();
            await ((IAsyncLifetime)factory).DisposeAsync();
        }
    }
}
