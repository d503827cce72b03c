using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Platform.Tests.Infrastructure;

/// A real SMTP server on 127.0.0.1 inside the test process. The app's MailKit client talks to it
/// over TCP. It can be stopped (connections are refused) and started again on the same port, and
/// it can refuse chosen recipients to make a message fail for good.
public sealed class LoopbackSmtp : IAsyncDisposable
{
    private readonly ConcurrentQueue<MimeMessage> _received = new();
    private readonly ConcurrentDictionary<string, bool> _refused = new(StringComparer.OrdinalIgnoreCase);
    private SmtpServer.SmtpServer? _server;
    private Task? _running;
    private int _holdFrom;
    private TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private LoopbackSmtp(int port) => Port = port;

    public int Port { get; }

    public IReadOnlyList<MimeMessage> Messages => _received.ToArray();

    public static async Task<LoopbackSmtp> StartAsync()
    {
        // A port found free may be taken by another process before the server binds it (another test
        // run on the machine): then another port.
        for (var attempt = 1; ; attempt++)
        {
            var smtp = new LoopbackSmtp(AppProcess.FreePort());
            if (await smtp.TryListenAsync(CancellationToken.None) || attempt == 5)
            {
                await smtp.StartAsync(CancellationToken.None);
                return smtp;
            }
        }
    }

    /// From the <paramref name="messageNumber"/>-th message received on (1-based), the server keeps
    /// each message but holds back its "250 OK" until <see cref="ReleaseReplies"/>: the sender sees
    /// a message in flight, which the server already has.
    public void HoldRepliesFrom(int messageNumber)
    {
        _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _holdFrom, messageNumber);
    }

    public void ReleaseReplies()
    {
        Volatile.Write(ref _holdFrom, 0);
        _release.TrySetResult();
    }

    /// Permanently rejects (550) every message to <paramref name="address"/>.
    public void Refuse(string address) => _refused[address] = true;

    public IReadOnlyList<MimeMessage> MessagesTo(string address) =>
        Messages.Where(m => m.To.Mailboxes.Any(a => string.Equals(a.Address, address, StringComparison.OrdinalIgnoreCase))).ToList();

    /// Polls until <paramref name="condition"/> holds for the received messages; fails the test
    /// with what did arrive when it does not within <paramref name="timeout"/> (default 30 s).
    public async Task<IReadOnlyList<MimeMessage>> WaitForAsync(Func<IReadOnlyList<MimeMessage>, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var messages = Messages;
            if (condition(messages))
            {
                return messages;
            }
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"The expected mail did not arrive. Received {messages.Count}: " +
                    string.Join("; ", messages.Select(m => $"{m.To} '{m.Subject}'")));
            }
            await Task.Delay(50);
        }
    }

    /// Waits for the first message to <paramref name="address"/> and returns it.
    public async Task<MimeMessage> WaitForMessageToAsync(string address, TimeSpan? timeout = null)
    {
        await WaitForAsync(messages => MessagesTo(address).Count > 0, timeout);
        return MessagesTo(address)[0];
    }

    public async Task StartAsync(CancellationToken ct)
    {
        if (_server is not null)
        {
            return;
        }
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        // Again on the same port (the app was told it): it may still be held by the previous run's sockets for a moment.
        while (!await TryListenAsync(ct))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"The loopback SMTP server could not listen on port {Port}.");
            }
            await Task.Delay(100, ct);
        }
    }

    private async Task<bool> TryListenAsync(CancellationToken ct)
    {
        if (_server is not null)
        {
            return true;
        }
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        services.Add(new Filter(_refused));
        var server = new SmtpServer.SmtpServer(options, services);
        var running = server.StartAsync(CancellationToken.None);
        if (await AcceptsAsync(running, ct) && !running.IsCompleted)
        {
            _server = server;
            _running = running;
            return true;
        }
        server.Shutdown();
        try
        {
            await running;
        }
        catch (SocketException)
        {
        }
        return false;
    }

    /// Stops listening: from now on connections to the port are refused.
    public async Task StopAsync()
    {
        if (_server is null)
        {
            return;
        }
        _server.Shutdown();
        try
        {
            await _server.ShutdownTask.WaitAsync(TimeSpan.FromSeconds(10));
            await _running!.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException)
        {
        }
        _server = null;
        _running = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task<bool> AcceptsAsync(Task running, CancellationToken ct)
    {
        for (var i = 0; i < 50 && !running.IsCompleted; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port, ct);
                return true;
            }
            catch (SocketException)
            {
                await Task.Delay(20, ct);
            }
        }
        return false;
    }

    private sealed class Store(LoopbackSmtp owner) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(
            ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            owner._received.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            var holdFrom = Volatile.Read(ref owner._holdFrom);
            if (holdFrom > 0 && owner._received.Count >= holdFrom)
            {
                await owner._release.Task.WaitAsync(cancellationToken);
            }
            return SmtpResponse.Ok;
        }
    }

    private sealed class Filter(ConcurrentDictionary<string, bool> refused) : MailboxFilter
    {
        public override Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken) =>
            Task.FromResult(!refused.ContainsKey(to.AsAddress()));
    }
}
