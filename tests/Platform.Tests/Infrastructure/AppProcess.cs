using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Platform.Web.Infrastructure.Data;

namespace Platform.Tests.Infrastructure;

/// The real web app as an operating-system process (`dotnet Platform.Web.dll` from the web
/// project's build output, in Production), on a loopback port of its own: what systemd, Docker or
/// a load balancer runs. Its console output is kept for the test to read and to show on failure.
public sealed class AppProcess : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _output = new();
    private readonly string _connectionString;
    private readonly List<(string Key, string Value)> _settings;
    // A port found free may be taken by another process before the app binds it (another test run on
    // the machine); then the app is started again on another one. A port the caller chose stays.
    private readonly bool _portChosenHere;
    private Process _process = null!;

    private AppProcess(string connectionString, IEnumerable<(string Key, string Value)> settings, int port)
    {
        _connectionString = connectionString;
        _settings = [.. settings];
        _portChosenHere = port == 0;
        Port = port == 0 ? FreePort() : port;
    }

    public int Port { get; private set; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public IReadOnlyList<string> Output => _output.ToArray();

    public static string WebAssembly
    {
        get
        {
            var root = RepositoryPaths.Root(AppContext.BaseDirectory);
            // tests/Platform.Tests/bin/<Configuration>/<tfm>/ → src/Platform.Web/bin/<Configuration>/<tfm>/
            var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var path = Path.Combine(root, "src", "Platform.Web", "bin", tfm.Parent!.Name, tfm.Name, "Platform.Web.dll");
            return File.Exists(path) ? path : throw new InvalidOperationException($"The web app is not built: {path} is missing.");
        }
    }

    /// Starts the app on <paramref name="port"/> (a free one when 0) with <paramref name="settings"/>
    /// as environment variables (`:` written as `__`).
    public static AppProcess Start(string connectionString, IEnumerable<(string Key, string Value)> settings, int port = 0)
    {
        var app = new AppProcess(connectionString, settings, port);
        app.Launch();
        return app;
    }

    private void Launch()
    {
        var start = new ProcessStartInfo("dotnet", [WebAssembly, "--urls", $"http://127.0.0.1:{Port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // Content root: the project folder, as `dotnet run` has it (wwwroot, appsettings).
            WorkingDirectory = Path.Combine(RepositoryPaths.Root(AppContext.BaseDirectory), "src", "Platform.Web"),
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ConnectionStrings__Platform"] = _connectionString;
        start.Environment["Platform__PublicUrl"] = $"http://127.0.0.1:{Port}";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        start.Environment["Logging__LogLevel__Platform"] = "Information";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (key, value) in _settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Collect(e.Data);
        _process.ErrorDataReceived += (_, e) => Collect(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// Waits until this process listens on its port and /healthz/ready answers 200; fails with the
    /// app's output when the process ends first or it is not ready within <paramref name="timeout"/>
    /// (generous: the machine may be busy).
    public async Task WaitReadyAsync(TimeSpan? timeout = null)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(2));
        var relaunches = 0;
        while (true)
        {
            if (_process.HasExited)
            {
                if (_portChosenHere && relaunches < 5 && _output.Any(line => line.Contains("address already in use", StringComparison.OrdinalIgnoreCase)))
                {
                    relaunches++;
                    _process.Dispose();
                    _output.Clear();
                    Port = FreePort();
                    Launch();
                    continue;
                }
                Assert.Fail($"The app on port {Port} exited ({_process.ExitCode}) before it was ready.\n{Describe()}");
            }
            // Its own "Now listening" line first: whatever else might answer on the port is not this app.
            if (_output.Any(line => line.Contains($"Now listening on: http://127.0.0.1:{Port}", StringComparison.Ordinal)))
            {
                try
                {
                    using var response = await client.GetAsync(new Uri(BaseAddress, "/healthz/ready"));
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        return;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    // Not answering yet.
                }
            }
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"The app on port {Port} was not ready in time.\n{Describe()}");
            }
            await Task.Delay(200);
        }
    }

    /// Waits for a line of output containing <paramref name="text"/>.
    public async Task WaitForOutputAsync(string text, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(1));
        while (!_output.Any(line => line.Contains(text, StringComparison.Ordinal)))
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"The app on port {Port} never printed '{text}'.\n{Describe()}");
            }
            await Task.Delay(50);
        }
    }

    /// SIGTERM: what systemd, Docker and Kubernetes send to stop a service.
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    /// SIGKILL: the process ends at once, as in a crash or an OOM kill; nothing of it runs.
    public void Crash() => _process.Kill(entireProcessTree: true);

    public async Task<int> WaitForExitAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(1));
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"The app on port {Port} did not exit in time.\n{Describe()}");
        }
        return _process.ExitCode;
    }

    public string Describe() => $"--- output of the app on port {Port} ---\n" + string.Join('\n', _output.TakeLast(80));

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private void Collect(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }
}
