using Microsoft.EntityFrameworkCore;
using Npgsql;
using Platform.Migrations;
using Platform.DevTools;
using Testcontainers.PostgreSql;

namespace Platform.Tests.Infrastructure;

/// The one PostgreSQL server of a test run, found in this order: the connection string in
/// PLATFORM_TEST_DB; a Testcontainers container where a Docker engine answers; a throwaway
/// cluster from the machine's PostgreSQL binaries. A template database is migrated once; each
/// test class gets its own copy of it (CREATE DATABASE ... TEMPLATE takes tens of milliseconds).
public static class TestPostgres
{
    // Named per test process: the two test projects run side by side, and with PLATFORM_TEST_DB they
    // share one server.
    private static readonly string TemplateName = "platform_test_template_" + Environment.ProcessId;
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _serverConnectionString;
    private static PrivatePostgres? _cluster;

    public static string Source { get; private set; } = "";

    public static async Task<string> ServerConnectionStringAsync()
    {
        await Gate.WaitAsync();
        try
        {
            _serverConnectionString ??= await StartServerAsync();
            return _serverConnectionString;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// A fresh database of its own, migrated unless <paramref name="migrated"/> is false; returns its
    /// connection string.
    public static async Task<string> CreateDatabaseAsync(bool migrated = true)
    {
        var server = await ServerConnectionStringAsync();
        var name = "t_" + Guid.NewGuid().ToString("N")[..16];
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        var templateClause = migrated ? $" TEMPLATE {TemplateName}" : "";
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name}{templateClause}", connection);
        await create.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(await ServerConnectionStringAsync());
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    private static async Task<string> StartServerAsync()
    {
        var server = Environment.GetEnvironmentVariable("PLATFORM_TEST_DB");
        if (!string.IsNullOrWhiteSpace(server))
        {
            Source = "PLATFORM_TEST_DB";
            // A cluster or container of the run's own goes with it; on a shared server, the template goes at exit.
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                try
                {
                    DropDatabaseAsync(new NpgsqlConnectionStringBuilder(server) { Database = TemplateName }.ConnectionString).GetAwaiter().GetResult();
                }
                catch (NpgsqlException)
                {
                    // The server is gone already: nothing left to tidy.
                }
            };
        }
        else if (DockerAnswers())
        {
            var container = new PostgreSqlBuilder("postgres:15-alpine").Build();
            await container.StartAsync();
            AppDomain.CurrentDomain.ProcessExit += (_, _) => container.DisposeAsync().AsTask().GetAwaiter().GetResult();
            server = container.GetConnectionString();
            Source = "Testcontainers";
        }
        else
        {
            RemoveLeftovers();
            var directory = Path.Combine(Path.GetTempPath(), "platform-tests-" + Environment.ProcessId);
            try
            {
                _cluster = await PrivatePostgres.StartAsync(directory, throwaway: true);
            }
            catch (PrivatePostgresUnavailableException e)
            {
                throw new InvalidOperationException(
                    "The tests need PostgreSQL and found none: set PLATFORM_TEST_DB, start a Docker engine, " +
                    "or install PostgreSQL's binaries (apt-get install postgresql).\n" + e.Message, e);
            }
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                _cluster.StopAsync().GetAwaiter().GetResult();
                TryDelete(directory);
            };
            server = _cluster.ConnectionString("postgres");
            Source = "private cluster " + directory;
        }

        await CreateTemplateAsync(server);
        return server;
    }

    /// Clusters of earlier test processes that ended without cleaning up (killed, or cut short).
    private static void RemoveLeftovers()
    {
        foreach (var directory in Directory.GetDirectories(Path.GetTempPath(), "platform-tests-*"))
        {
            if (int.TryParse(Path.GetFileName(directory)["platform-tests-".Length..], out var pid) && !IsAlive(pid))
            {
                var postmaster = Path.Combine(directory, "postmaster.pid");
                if (File.Exists(postmaster) && int.TryParse(File.ReadLines(postmaster).FirstOrDefault(), out var serverPid) && IsAlive(serverPid))
                {
                    System.Diagnostics.Process.GetProcessById(serverPid).Kill();
                }
                TryDelete(directory);
            }
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Still in use; the next run's RemoveLeftovers takes it.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static async Task CreateTemplateAsync(string server)
    {
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            // Templates of earlier test processes on this machine that ended without tidying up (on a
            // shared PLATFORM_TEST_DB server); a live process's template stays, as does this one's name.
            var templates = new List<string>();
            await using (var list = new NpgsqlCommand("SELECT datname FROM pg_database WHERE datname LIKE 'platform_test_template_%'", connection))
            await using (var reader = await list.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    templates.Add(reader.GetString(0));
                }
            }
            foreach (var name in templates.Where(n => n == TemplateName
                || (int.TryParse(n["platform_test_template_".Length..], out var pid) && !IsAlive(pid))))
            {
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
                await drop.ExecuteNonQueryAsync();
            }
            await using var create = new NpgsqlCommand($"CREATE DATABASE {TemplateName}", connection);
            await create.ExecuteNonQueryAsync();
        }
        var templateConnection = new NpgsqlConnectionStringBuilder(server) { Database = TemplateName, Pooling = false }.ConnectionString;
        await using (var db = MigrationsDbContextFactory.Create(templateConnection))
        {
            await db.Database.MigrateAsync();
        }
        NpgsqlConnection.ClearAllPools();
    }

    private static bool DockerAnswers()
    {
        try
        {
            return DotNet.Testcontainers.Configurations.TestcontainersSettings.OS.DockerEndpointAuthConfig is not null;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
        catch (TypeInitializationException)
        {
            return false;
        }
    }
}
