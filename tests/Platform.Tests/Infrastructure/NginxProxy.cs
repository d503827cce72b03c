using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Platform.Tests.Infrastructure;

/// A real nginx (Debian's nginx-light; test.sh installs it when missing) on a loopback port,
/// balancing round-robin over app instances with the proxy settings docs/deploy.md gives. Each
/// response names the instance that answered in `X-Upstream`.
public sealed class NginxProxy : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private NginxProxy(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    public static string Binary =>
        new[] { Environment.GetEnvironmentVariable("PLATFORM_NGINX"), "/usr/sbin/nginx", "/usr/bin/nginx" }
            .FirstOrDefault(p => !string.IsNullOrEmpty(p) && File.Exists(p))
        ?? throw new InvalidOperationException("nginx is missing: apt-get install nginx-light (test.sh does it as root), or set PLATFORM_NGINX.");

    public static async Task<NginxProxy> StartAsync(params int[] upstreamPorts)
    {
        // A port found free may be taken by another process before nginx binds it (another test run on
        // the machine); nginx then exits, and starts again on another port.
        for (var attempt = 1; ; attempt++)
        {
            var proxy = await TryStartAsync(AppProcess.FreePort(), upstreamPorts, lastAttempt: attempt == 5);
            if (proxy is not null)
            {
                return proxy;
            }
        }
    }

    private static async Task<NginxProxy?> TryStartAsync(int port, int[] upstreamPorts, bool lastAttempt)
    {
        var directory = Path.Combine(Path.GetTempPath(), "platform-nginx-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);
        var servers = string.Concat(upstreamPorts.Select(p => string.Create(CultureInfo.InvariantCulture,
            $"        server 127.0.0.1:{p} max_fails=1 fail_timeout=10s;\n")));
        var config = Path.Combine(directory, "nginx.conf");
        await File.WriteAllTextAsync(config, $$"""
            daemon off;
            master_process on;
            worker_processes 1;
            pid {{directory}}/nginx.pid;
            error_log {{directory}}/error.log warn;
            events { worker_connections 256; }
            http {
                access_log off;
                client_body_temp_path {{directory}}/body;
                proxy_temp_path {{directory}}/proxy;
                fastcgi_temp_path {{directory}}/fastcgi;
                uwsgi_temp_path {{directory}}/uwsgi;
                scgi_temp_path {{directory}}/scgi;
                upstream platform {
            {{servers}}    }
                server {
                    listen 127.0.0.1:{{port}};
                    location / {
                        proxy_pass http://platform;
                        proxy_set_header Host $host;
                        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                        proxy_set_header X-Forwarded-Proto $scheme;
                        # A refused connection (an instance stopping or gone) is retried on the
                        # next instance, POSTs too: nothing was sent yet.
                        proxy_next_upstream error timeout http_502 http_503;
                        proxy_connect_timeout 5s;
                        add_header X-Upstream $upstream_addr always;
                    }
                }
            }
            """);
        var start = new ProcessStartInfo(Binary, ["-p", directory, "-c", config, "-e", Path.Combine(directory, "error.log")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start)!;
        var proxy = new NginxProxy(process, directory, port);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        var pidFile = Path.Combine(directory, "nginx.pid");
        while (true)
        {
            // nginx writes its pid file once it has bound the port: an answer before that is not nginx's.
            if (File.Exists(pidFile) && !process.HasExited && await AcceptsAsync(port))
            {
                return proxy;
            }
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                var log = File.Exists(Path.Combine(directory, "error.log")) ? await File.ReadAllTextAsync(Path.Combine(directory, "error.log")) : "";
                var error = process.HasExited ? await process.StandardError.ReadToEndAsync() : "";
                await proxy.DisposeAsync();
                if (!lastAttempt && (error + log).Contains("Address already in use", StringComparison.OrdinalIgnoreCase))
                {
                    return null;
                }
                throw new InvalidOperationException($"nginx did not start on port {port}: {error}\n{log}");
            }
            await Task.Delay(100);
        }
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        try
        {
            using var probe = new TcpClient();
            await probe.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

/// An HttpClient that keeps cookies itself: the app marks its cookies Secure in Production, and
/// behind a TLS-terminating proxy the browser would send them; here the proxy speaks plain HTTP
/// on loopback, where HttpClient's own cookie container would drop them.
public sealed class ProxyBrowser : DelegatingHandler
{
    private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

    private ProxyBrowser() : base(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false })
    {
    }

    public static HttpClient Create(Uri baseAddress) =>
        new(new ProxyBrowser()) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        lock (_cookies)
        {
            if (_cookies.Count > 0)
            {
                request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
            }
        }
        var response = await base.SendAsync(request, cancellationToken);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            lock (_cookies)
            {
                foreach (var header in setCookies)
                {
                    var pair = header.Split(';')[0];
                    var eq = pair.IndexOf('=', StringComparison.Ordinal);
                    var (name, value) = (pair[..eq].Trim(), pair[(eq + 1)..].Trim());
                    var expired = header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase);
                    if (expired || value.Length == 0)
                    {
                        _cookies.Remove(name);
                    }
                    else
                    {
                        _cookies[name] = value;
                    }
                }
            }
        }
        return response;
    }
}
