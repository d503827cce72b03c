using System.Net;
using System.Net.Sockets;
using System.Text;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Hosting;

/// The app as a real process, stopped the two ways production stops it: SIGTERM (systemd,
/// Docker, an upgrade) and SIGKILL (a crash, the OOM killer). The SMTP server holds back its
/// "250 OK" for the third message, so the test stops the app exactly while a message is in flight.
public sealed class ShutdownAndCrashTests
{
    [Fact]
    public async Task Sigterm_during_a_send_batch_finishes_the_message_and_the_request_in_flight_and_hands_back_the_rest()
    {
        await using var mail = await ProcessMail.StartAsync();
        await using var app = AppProcess.Start(mail.ConnectionString, mail.Settings(batchSize: 10));
        await app.WaitReadyAsync();

        mail.Smtp.HoldRepliesFrom(3);
        var keys = await mail.QueueAsync("term", 8);
        await mail.Smtp.WaitForAsync(m => m.Count == 3, TimeSpan.FromMinutes(1));

        // A request in flight: its headers are in, its body is still coming.
        using var inFlight = new TcpClient();
        await inFlight.ConnectAsync(IPAddress.Loopback, app.Port);
        var stream = inFlight.GetStream();
        const string body = "Input.Email=a%40b.cd&Input.Password=x";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            "POST /Identity/Account/Login HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nExpect: 100-continue\r\n" +
            $"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {body.Length}\r\n\r\n"));
        await stream.FlushAsync();
        // The server says "100 Continue" when the app starts reading the body: from then on the
        // request is in progress (a connection whose request has not started would just be closed).
        var reader = new StreamReader(stream, Encoding.ASCII);
        Assert.Equal("HTTP/1.1 100 Continue", await reader.ReadLineAsync());
        Assert.Equal("", await reader.ReadLineAsync());

        app.Terminate();
        await app.WaitForOutputAsync("Application is shutting down");

        // No new connections, while the request in flight and the message in flight go on.
        await WaitUntilRefusedAsync(app.Port, app);
        Assert.False(app.HasExited, "The app must wait for what is in flight.\n" + app.Describe());

        await stream.WriteAsync(Encoding.ASCII.GetBytes(body));
        var response = await reader.ReadToEndAsync();
        // Answered (the form carries no antiforgery token, so 400), not cut off.
        Assert.StartsWith("HTTP/1.1 400", response, StringComparison.Ordinal);

        mail.Smtp.ReleaseReplies();
        Assert.Equal(0, await app.WaitForExitAsync(TimeSpan.FromMinutes(1)));
        Assert.Contains(app.Output, line => line.Contains("5 claimed message(s) handed back unsent on shutdown", StringComparison.Ordinal));

        var rows = await mail.OutboxAsync();
        Assert.Equal(keys[..3], rows.Where(r => r.Value.Status == "sent").Select(r => r.Key).Order());
        // The rest went back as they were: queued, no attempt counted, no lease left to wait out.
        Assert.All(keys[3..], key => Assert.Equal(new OutboxRow("queued", 0, false, rows[key].MessageId), rows[key]));
        Assert.Equal(3, mail.Smtp.Messages.Count);

        // The next start sends the rest, each once.
        await using var next = AppProcess.Start(mail.ConnectionString, mail.Settings(batchSize: 10));
        await next.WaitReadyAsync();
        await mail.Smtp.WaitForAsync(m => m.Count >= 8, TimeSpan.FromMinutes(1));
        var received = mail.ReceivedByMessageId();
        Assert.Equal(8, received.Count);
        Assert.All(received.Values, copies => Assert.Single(copies));
    }

    [Fact]
    public async Task A_crash_while_sending_loses_no_mail_and_repeats_only_the_message_in_flight_with_its_message_id()
    {
        await using var mail = await ProcessMail.StartAsync();
        // A short lease: the crashed process's claim runs out soon after the restart.
        var settings = mail.Settings(batchSize: 10, lease: "00:00:05").ToList();
        await using var app = AppProcess.Start(mail.ConnectionString, settings);
        await app.WaitReadyAsync();

        mail.Smtp.HoldRepliesFrom(3);
        var keys = await mail.QueueAsync("crash", 6);
        await mail.Smtp.WaitForAsync(m => m.Count == 3, TimeSpan.FromMinutes(1));
        var inFlight = mail.Smtp.Messages[2].MessageId ?? "";

        app.Crash();
        await app.WaitForExitAsync();
        mail.Smtp.ReleaseReplies();
        var left = await mail.OutboxAsync();
        Assert.Equal(2, left.Values.Count(r => r.Status == "sent"));
        Assert.Equal(4, left.Values.Count(r => r.Status == "sending"));

        await using var restarted = AppProcess.Start(mail.ConnectionString, settings);
        await restarted.WaitReadyAsync();
        var rows = await WaitForAllSentAsync(mail, keys.Count, restarted);

        var received = mail.ReceivedByMessageId();
        // Every message arrived; only the one in flight at the crash arrived twice, both copies
        // with the Message-ID of its outbox row.
        Assert.Equal(rows.Values.Select(r => r.MessageId).Order(), received.Keys.Order());
        Assert.Equal([inFlight], received.Where(r => r.Value.Count > 1).Select(r => r.Key));
        Assert.Equal(2, received[inFlight].Count);
        Assert.Equal(7, mail.Smtp.Messages.Count);
    }

    private static async Task<Dictionary<string, OutboxRow>> WaitForAllSentAsync(ProcessMail mail, int count, AppProcess app)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            var rows = await mail.OutboxAsync();
            if (rows.Count == count && rows.Values.All(r => r.Status == "sent"))
            {
                return rows;
            }
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("Not every message was sent: " + string.Join("; ", rows.Select(r => $"{r.Key}={r.Value.Status}")) + "\n" + app.Describe());
            }
            await Task.Delay(200);
        }
    }

    private static async Task WaitUntilRefusedAsync(int port, AppProcess app)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
            }
            catch (SocketException)
            {
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("The app still accepts connections after SIGTERM.\n" + app.Describe());
            }
            await Task.Delay(100);
        }
    }
}
