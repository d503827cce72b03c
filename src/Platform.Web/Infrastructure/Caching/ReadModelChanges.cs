using System.Globalization;
using Npgsql;
using Platform.Web.Infrastructure.Telemetry;

namespace Platform.Web.Infrastructure.Caching;

/// What changed, as announced on the `read_model` channel by the database's triggers (see the
/// ReadModelNotify migration): the catalog (courses, modules, lessons, revisions), one lesson's
/// comments, the authors' names every thread shows, one learner's own state (see the
/// LearnerStateNotify migration), or everything (after a lost connection).
public readonly record struct ReadModelChange(ReadModelChangeKind Kind, int LessonId = 0, string? UserId = null)
{
    public const string Channel = "read_model";

    public static readonly ReadModelChange Catalog = new(ReadModelChangeKind.Catalog);
    public static readonly ReadModelChange Authors = new(ReadModelChangeKind.Authors);
    public static readonly ReadModelChange Everything = new(ReadModelChangeKind.Everything);

    public static ReadModelChange Comments(int lessonId) => new(ReadModelChangeKind.Comments, lessonId);

    public static ReadModelChange Learner(string userId) => new(ReadModelChangeKind.Learner, UserId: userId);

    public static ReadModelChange Account(string userId) => new(ReadModelChangeKind.Account, UserId: userId);

    public static ReadModelChange Parse(string payload) =>
        payload switch
        {
            "catalog" => Catalog,
            "authors" => Authors,
            _ when payload.StartsWith("lesson:", StringComparison.Ordinal)
                && int.TryParse(payload.AsSpan(7), NumberStyles.None, CultureInfo.InvariantCulture, out var id) => Comments(id),
            _ when payload.StartsWith("learner:", StringComparison.Ordinal) && payload.Length > 8 => Learner(payload[8..]),
            _ when payload.StartsWith("account:", StringComparison.Ordinal) && payload.Length > 8 => Account(payload[8..]),
            _ => Everything,
        };
}

public enum ReadModelChangeKind
{
    Catalog,
    Comments,
    Authors,

    /// One learner's personal state (their pages only: no shared copy or cached page shows it).
    Learner,

    /// One learner's account row (stamp, block, deletion, settings): their state and their session.
    Account,
    Everything,
}

/// An in-memory copy of something every reader sees; it drops what a change makes stale.
public interface IReadModel
{
    void Apply(ReadModelChange change);
}

/// Drops stale copies: the read models' and then the kept pages' (a page made after the change
/// must be made from the changed models). The instance that made a change calls
/// it at once (its next response must show the change); every instance, that one included, also
/// hears the database's announcement through <see cref="ReadModelListener"/>.
public sealed class PageCacheEviction(IEnumerable<IReadModel> readModels, PageCopies pages)
{
    public ValueTask LessonChangedAsync(int lessonId, CancellationToken ct = default) =>
        ApplyAsync(ReadModelChange.Comments(lessonId), ct);

    public ValueTask AllLessonsChangedAsync(CancellationToken ct = default) => ApplyAsync(ReadModelChange.Catalog, ct);

    public ValueTask ApplyAsync(ReadModelChange change, CancellationToken ct = default)
    {
        foreach (var model in readModels)
        {
            model.Apply(change);
        }
        pages.Apply(change);
        if (change.Kind is not (ReadModelChangeKind.Learner or ReadModelChangeKind.Account))
        {
            PlatformMetrics.CacheEvictions.Add(1);
        }
        return ValueTask.CompletedTask;
    }
}

/// Listens on the `read_model` channel on a connection of its own (not from the pool: a pooled
/// connection would go back still listening) and applies each change. While it is not listening it
/// cannot know what changed, so every (re)connection starts by dropping everything.
internal sealed class ReadModelListener(
    NpgsqlDataSource dataSource, PageCacheEviction eviction, ILogger<ReadModelListener> logger) : BackgroundService
{
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// Done once the listener first listens and has dropped what it could have missed until then:
    /// from then on a kept copy goes only when something it shows changes.
    public Task Listening => _listening.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString)
        {
            Pooling = false,
            KeepAlive = 30,
        }.ConnectionString;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(stoppingToken);
                var heard = new List<string>();
                connection.Notification += (_, e) => heard.Add(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {ReadModelChange.Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }
                await eviction.ApplyAsync(ReadModelChange.Everything, stoppingToken);
                _listening.TrySetResult();
                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                    foreach (var payload in heard.Distinct(StringComparer.Ordinal).ToList())
                    {
                        await eviction.ApplyAsync(ReadModelChange.Parse(payload), stoppingToken);
                    }
                    heard.Clear();
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "The read-model listener lost its database connection; reconnecting shortly.");
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
