using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Platform.Web.Infrastructure.Data;
using Platform.Web.Features.Mail;

namespace Platform.Tests.Infrastructure;

/// The app with its outbox sending to a <see cref="LoopbackSmtp"/> server. Retries come fast
/// (<see cref="RetryDelays"/>); the poll interval is long, so prompt delivery proves the
/// dispatcher is woken by the queueing itself.
public class MailFactory : PlatformFactory
{
    public LoopbackSmtp Smtp { get; private set; } = null!;

    protected virtual IReadOnlyList<TimeSpan> RetryDelays { get; } =
        Enumerable.Repeat(TimeSpan.FromMilliseconds(100), 100).ToList();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Smtp = await LoopbackSmtp.StartAsync();
    }

    protected override IEnumerable<(string Key, string Value)> Settings() =>
        MailSettings(Smtp.Port, RetryDelays);

    public static IEnumerable<(string Key, string Value)> MailSettings(int smtpPort, IReadOnlyList<TimeSpan> retryDelays)
    {
        yield return ("Smtp:Host", "127.0.0.1");
        yield return ("Smtp:Port", smtpPort.ToString(CultureInfo.InvariantCulture));
        yield return ("Smtp:Security", "None");
        yield return ("Outbox:PollInterval", "00:10:00");
        yield return ("Outbox:BatchSize", "5");
        for (var i = 0; i < retryDelays.Count; i++)
        {
            yield return ($"Outbox:RetryDelays:{i}", retryDelays[i].ToString("c", CultureInfo.InvariantCulture));
        }
    }

    protected override async ValueTask OnDisposedAsync() => await Smtp.DisposeAsync();

    /// Queues <paramref name="mail"/> through the app's outbox, in a transaction of its own.
    public Task QueueAsync(params OutgoingMail[] mail) => WithScopeAsync(async services =>
    {
        var db = services.GetRequiredService<PlatformDbContext>();
        var outbox = services.GetRequiredService<Outbox>();
        foreach (var message in mail)
        {
            outbox.Enqueue(db, message);
        }
        await db.SaveChangesAsync();
        return true;
    });

    public static OutgoingMail TestMail(string key, string to) =>
        new(key, to, $"테스트 {key}", new MailBody($"<p>{key}</p>", key));

    /// The outbox rows' statuses by dedupe key, read straight from the database.
    public async Task<Dictionary<string, (string Status, int Attempts)>> OutboxAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT dedupe_key, status, attempts FROM email_outbox", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new Dictionary<string, (string, int)>();
        while (await reader.ReadAsync())
        {
            rows[reader.GetString(0)] = (reader.GetString(1), reader.GetInt32(2));
        }
        return rows;
    }

    /// Polls the outbox table until <paramref name="condition"/> holds.
    public async Task<Dictionary<string, (string Status, int Attempts)>> WaitForOutboxAsync(
        Func<Dictionary<string, (string Status, int Attempts)>, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var rows = await OutboxAsync();
            if (condition(rows))
            {
                return rows;
            }
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("The outbox did not reach the expected state: " +
                    string.Join("; ", rows.Select(r => $"{r.Key}={r.Value.Status}/{r.Value.Attempts}")));
            }
            await Task.Delay(50);
        }
    }
}

/// Another app instance on an existing database (a second server of the same deployment).
/// Dispose it with DisposeAsync(): it does not own the database.
public sealed class AppInstance(string connectionString, IEnumerable<(string Key, string Value)> settings) : PlatformFactory
{
    private readonly List<(string Key, string Value)> _settings = settings.ToList();

    public override Task InitializeAsync() => SetConnectionStringAsync(connectionString);

    protected override IEnumerable<(string Key, string Value)> Settings() => _settings;

    public static async Task<AppInstance> StartAsync(string connectionString, IEnumerable<(string Key, string Value)> settings)
    {
        var instance = new AppInstance(connectionString, settings);
        await instance.InitializeAsync();
        _ = instance.Services;
        return instance;
    }
}
