using Microsoft.Extensions.Options;
using MimeKit;
using Npgsql;
using Platform.Tests.Infrastructure;
using Platform.Tests.Lessons;
using Platform.Web.Features.Mail;
using Platform.Web.Infrastructure.Hosting;

namespace Platform.Tests.Hosting;

/// What the process-level tests share: a database with a small course to import (so the app is
/// ready), settings for an app whose outbox sends to a loopback SMTP server, and the outbox read
/// straight from the table.
public sealed class ProcessMail : IAsyncDisposable
{
    private readonly ContentFolder _content = new();

    private ProcessMail(string connectionString, LoopbackSmtp smtp)
    {
        ConnectionString = connectionString;
        Smtp = smtp;
        _content.Course("ops", "운영 강좌", ("m", "모듈"));
        _content.Lesson("ops", "m", "first", 1, title: "첫 레슨");
    }

    public string ConnectionString { get; }

    public LoopbackSmtp Smtp { get; }

    public static async Task<ProcessMail> StartAsync() =>
        new(await TestPostgres.CreateDatabaseAsync(), await LoopbackSmtp.StartAsync());

    /// An app that imports the course at start and sends in batches of <paramref name="batchSize"/>.
    public IEnumerable<(string Key, string Value)> Settings(int batchSize = 10, string lease = "00:10:00") =>
        MailFactory.MailSettings(Smtp.Port, Enumerable.Repeat(TimeSpan.FromMilliseconds(200), 20).ToList())
            .Concat([
                ("Outbox:BatchSize", batchSize.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                ("Outbox:Lease", lease),
                ("Platform:ImportContentOnStart", "true"),
                ("Platform:ContentPath", _content.Root),
            ]);

    public async Task<List<string>> QueueAsync(string prefix, int count)
    {
        var keys = Enumerable.Range(1, count).Select(i => $"{prefix}:{i:00}").ToList();
        await using var db = Platform.Migrations.MigrationsDbContextFactory.Create(ConnectionString);
        var outbox = new Outbox(Options.Create(new SiteOptions()), TimeProvider.System);
        foreach (var key in keys)
        {
            outbox.Enqueue(db, MailFactory.TestMail(key, $"{key.Replace(':', '-')}@example.com"));
        }
        await db.SaveChangesAsync();
        return keys;
    }

    public async Task<Dictionary<string, OutboxRow>> OutboxAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT dedupe_key, status, attempts, lease_token IS NOT NULL, message_id FROM email_outbox", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new Dictionary<string, OutboxRow>();
        while (await reader.ReadAsync())
        {
            rows[reader.GetString(0)] = new OutboxRow(reader.GetString(1), reader.GetInt32(2), reader.GetBoolean(3), reader.GetString(4));
        }
        return rows;
    }

    /// The received messages per Message-ID.
    public Dictionary<string, List<MimeMessage>> ReceivedByMessageId() =>
        Smtp.Messages.GroupBy(m => m.MessageId ?? "").ToDictionary(g => g.Key, g => g.ToList());

    public async ValueTask DisposeAsync()
    {
        _content.Dispose();
        await Smtp.DisposeAsync();
        await TestPostgres.DropDatabaseAsync(ConnectionString);
    }
}

public sealed record OutboxRow(string Status, int Attempts, bool Leased, string MessageId);
