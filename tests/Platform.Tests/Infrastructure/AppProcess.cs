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
    private readonly Process _process;

    private AppProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

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
        port = port == 0 ? FreePort() : port;
        var assembly = WebAssembly;
        var start = new ProcessStartInfo("dotnet", [assembly, "--urls", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // Content root: the project folder, as `dotnet run` has it (wwwroot, appsettings).
            WorkingDirectory = Path.Combine(RepositoryPaths.Root(AppContext.BaseDirectory), "src", "Platform.Web"),
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ConnectionStrings__Platform"] = connectionString;
        start.Environment["Platform__PublicUrl"] = $"http://127.0.0.1:{port}";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        start.Environment["Logging__LogLevel__Platform"] = "Information";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        var process = new Process { StartInfo = start };
        var app = new AppProcess(process, port);
        process.OutputDataReceived += (_, e) => app.Collect(e.Data);
        process.ErrorDataReceived += (_, e) => app.Collect(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return app;
    }

    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// Waits until /healthz/ready answers 200; fails with the app's output when the process ends
    /// first or it is not ready within <paramref name="timeout"/> (generous: the machine may be busy).
    public async Task WaitReadyAsync(TimeSpan? timeout = null)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(2));
        while (true)
        {
            if (_process.HasExited)
            {
                Assert.Fail($"The app on port {Port} exited ({_process.ExitCode}) before it was ready.\n{Describe()}");
            }
            try
            {
                using var response = await client.GetAsync("/healthz/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
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
