using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Platform.Web.Features.Mail;

/// Where the dispatcher hands finished messages: an SMTP server, or the pickup folder when no
/// SMTP host is configured. A connection serves one batch.
public interface IMailTransport
{
    Task<IMailConnection> ConnectAsync(CancellationToken ct);
}

public interface IMailConnection : IAsyncDisposable
{
    Task SendAsync(MimeMessage message, CancellationToken ct);
}

internal sealed class SmtpTransport(IOptions<SmtpOptions> options) : IMailTransport
{
    public async Task<IMailConnection> ConnectAsync(CancellationToken ct)
    {
        var connection = new SmtpConnection(options.Value);
        try
        {
            await connection.OpenAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private sealed class SmtpConnection(SmtpOptions options) : IMailConnection
    {
        private readonly SmtpClient _client = new() { Timeout = 60_000 };

        public async Task OpenAsync(CancellationToken ct)
        {
            var security = options.Security switch
            {
                SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
                SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
                _ => SecureSocketOptions.None,
            };
            await _client.ConnectAsync(options.Host, options.Port, security, ct);
            if (!string.IsNullOrEmpty(options.UserName))
            {
                await _client.AuthenticateAsync(options.UserName, options.Password, ct);
            }
        }

        public async Task SendAsync(MimeMessage message, CancellationToken ct)
        {
            // A refused recipient leaves the session usable; a broken connection does not.
            if (!_client.IsConnected)
            {
                await OpenAsync(ct);
            }
            await _client.SendAsync(message, ct);
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (_client.IsConnected)
                {
                    await _client.DisconnectAsync(quit: true, CancellationToken.None);
                }
            }
            catch (Exception e) when (e is IOException or MailKit.ProtocolException or SmtpCommandException or OperationCanceledException)
            {
                // The messages are already accepted; a failed QUIT changes nothing.
            }
            _client.Dispose();
        }
    }
}

/// Writes each message as an .eml file, so development needs no mail server (see /dev/mail).
public sealed class PickupFolderTransport(string directory) : IMailTransport, IMailConnection
{
    public string Directory { get; } = directory;

    public Task<IMailConnection> ConnectAsync(CancellationToken ct)
    {
        System.IO.Directory.CreateDirectory(Directory);
        return Task.FromResult<IMailConnection>(this);
    }

    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        var id = (message.MessageId ?? Guid.NewGuid().ToString("N")).Split('@')[0];
        var name = $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{id[..Math.Min(12, id.Length)]}.eml";
        var path = Path.Combine(Directory, name);
        var temporary = path + ".tmp";
        await message.WriteToAsync(temporary, ct);
        File.Move(temporary, path, overwrite: true);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
