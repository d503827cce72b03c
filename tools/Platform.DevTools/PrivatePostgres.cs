using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Platform.DevTools;

/// A PostgreSQL cluster of our own, made from the binaries on this machine: the development
/// database when no connection string is configured, and the tests' throwaway server.
public sealed class PrivatePostgres
{
    public const string UserName = "platform";
    private const string PortFile = "platform.port";

    private readonly string _dataDirectory;
    private readonly string _binDirectory;
    private readonly bool _runAsPostgresUser;

    private PrivatePostgres(string dataDirectory, string binDirectory)
    {
        _dataDirectory = Path.GetFullPath(dataDirectory);
        _binDirectory = binDirectory;
        _runAsPostgresUser = Environment.UserName == "root";
    }

    public int Port { get; private set; }

    public string DataDirectory => _dataDirectory;

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = UserName,
        Database = database,
        Pooling = true,
    }.ConnectionString;

    /// Starts the cluster in <paramref name="dataDirectory"/>, creating it on first use and
    /// reusing it (and its port) afterwards. Tuned for speed when <paramref name="throwaway"/>.
    public static async Task<PrivatePostgres> StartAsync(string dataDirectory, bool throwaway, CancellationToken ct = default)
    {
        var bin = FindBinaries() ?? throw new PrivatePostgresUnavailableException(
            "PostgreSQL binaries (initdb, pg_ctl) were not found on PATH or under /usr/lib/postgresql/*/bin.");
        var cluster = new PrivatePostgres(dataDirectory, bin);
        await cluster.StartAsync(throwaway, ct);
        return cluster;
    }

    public static string? FindBinaries()
    {
        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .ToList();
        if (Directory.Exists("/usr/lib/postgresql"))
        {
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin")));
        }
        return candidates.FirstOrDefault(d =>
            File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
    }

    private async Task StartAsync(bool throwaway, CancellationToken ct)
    {
        if (!File.Exists(Path.Combine(_dataDirectory, "PG_VERSION")))
        {
            Directory.CreateDirectory(_dataDirectory);
            await GiveToPostgresUserAsync(_dataDirectory, ct);
            // trust on loopback only: this cluster listens on 127.0.0.1 and has no socket file.
            await RunAsync("initdb", ["-D", _dataDirectory, "-U", UserName, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"], ct);
        }

        Port = ReadPort() ?? FreePort();
        if (!await IsRunningAsync(ct))
        {
            try
            {
                await StartServerAsync(throwaway, ct);
            }
            catch (InvalidOperationException)
            {
                // The port may have been taken by something else: since last time (a remembered port),
                // or between finding it free and the server binding it (another test run starting a
                // cluster at the same moment).
                Port = FreePort();
                await StartServerAsync(throwaway, ct);
            }
            await File.WriteAllTextAsync(Path.Combine(_dataDirectory, PortFile), Port.ToString(System.Globalization.CultureInfo.InvariantCulture), ct);
        }
    }

    private async Task StartServerAsync(bool throwaway, CancellationToken ct)
    {
        var options = $"-p {Port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''";
        if (throwaway)
        {
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300";
        }
        var log = Path.Combine(_dataDirectory, "server.log");
        await RunAsync("pg_ctl", ["-D", _dataDirectory, "-l", log, "-o", options, "-w", "-t", "60", "start"], ct);
    }

    public async Task EnsureDatabaseAsync(string database, CancellationToken ct = default)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", database);
        if (await exists.ExecuteScalarAsync(ct) is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Replace("\"", "", StringComparison.Ordinal)}\"", connection);
            await create.ExecuteNonQueryAsync(ct);
        }
    }

    public async Task StopAsync()
    {
        await RunAsync("pg_ctl", ["-D", _dataDirectory, "-m", "immediate", "-w", "stop"], CancellationToken.None);
    }

    private async Task<bool> IsRunningAsync(CancellationToken ct)
    {
        var (exitCode, _) = await RunRawAsync("pg_ctl", ["-D", _dataDirectory, "status"], ct);
        if (exitCode != 0)
        {
            return false;
        }
        // Running, but is it answering on the port we remember?
        return ReadPort() == Port;
    }

    private int? ReadPort()
    {
        var file = Path.Combine(_dataDirectory, PortFile);
        return File.Exists(file) && int.TryParse(File.ReadAllText(file).Trim(), out var port) ? port : null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task GiveToPostgresUserAsync(string directory, CancellationToken ct)
    {
        if (!_runAsPostgresUser)
        {
            return;
        }
        var (code, output) = await RunRawAsync("/bin/chown", ["-R", "postgres:postgres", directory], ct, asPostgres: false);
        if (code != 0)
        {
            throw new PrivatePostgresUnavailableException(
                $"Running as root, the cluster must belong to the 'postgres' user, but chown failed: {output}");
        }
    }

    private async Task RunAsync(string tool, string[] args, CancellationToken ct)
    {
        var (code, output) = await RunRawAsync(Path.Combine(_binDirectory, tool), args, ct);
        if (code != 0)
        {
            throw new InvalidOperationException($"{tool} {string.Join(' ', args)} exited with {code}:\n{output}");
        }
    }

    private async Task<(int ExitCode, string Output)> RunRawAsync(string file, string[] args, CancellationToken ct, bool asPostgres = true)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asPostgres && _runAsPostgresUser)
        {
            // PostgreSQL refuses to run as root.
            start.FileName = "runuser";
            foreach (var a in new[] { "-u", "postgres", "--", file })
            {
                start.ArgumentList.Add(a);
            }
        }
        else
        {
            start.FileName = file.Contains('/', StringComparison.Ordinal) ? file : Path.Combine(_binDirectory, file);
        }
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return (process.ExitCode, (await stdout) + (await stderr));
    }
}

public sealed class PrivatePostgresUnavailableException(string reason) : Exception(
    $"""
    {reason}
    The platform needs PostgreSQL. Any one of these gets you going:
      1. install PostgreSQL (Debian/Ubuntu: sudo apt-get install postgresql), then run the same command again;
      2. start the database from docker-compose.yml: docker compose up -d db
         and set ConnectionStrings__Platform="Host=localhost;Port=5432;Username=platform;Password=platform;Database=platform";
      3. point at any PostgreSQL 15+ you have: export ConnectionStrings__Platform="Host=...;Username=...;Password=...;Database=..."
    """);
