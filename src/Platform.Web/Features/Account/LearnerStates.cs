using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Platform.Web.Infrastructure.Caching;

namespace Platform.Web.Features.Account;

public sealed class LearnerStateOptions
{
    public const string Section = "Learners";

    /// Learners whose state one instance keeps at most; past it the oldest half goes.
    [Range(1, 10_000_000, ErrorMessage = "Learners:StateCacheSize must be a whole number from 1 to 10000000.")]
    public int StateCacheSize { get; set; } = 20_000;

    /// How long a kept state may be used. Every change is announced and drops it at once; this
    /// bounds what a lost announcement could leave stale (the listener also drops everything
    /// whenever it reconnects).
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00", ErrorMessage = "Learners:StateLifetime must be a time span from 00:00:00 to 01:00:00.")]
    public TimeSpan StateLifetime { get; set; } = TimeSpan.FromSeconds(30);

    /// Bytes one instance spends at most on kept pages, the visitors' and the learners' (<see cref="Infrastructure.Caching.PageCopies"/>); 0 keeps none.
    [Range(0, 4L * 1024 * 1024 * 1024, ErrorMessage = "Learners:PageCacheBytes must be a whole number from 0 to 4294967296.")]
    public long PageCacheBytes { get; set; } = 32 * 1024 * 1024;
}

/// The signed-in learners' states, shared by this instance's requests, so a learner's pages ask
/// the database nothing once warm. Every write to what a state holds is announced by the
/// database (`learner:{id}` on the read-model channel, from triggers, whoever writes) and drops
/// that learner's copy on every instance; a write in a request also drops it at once
/// (<see cref="LearnerCopies{T}.Forget"/>), so the learner's next page shows it.
///
/// Beside the states it keeps each learner's account facts (<see cref="Accounts"/>), what a
/// write's session check needs. A learner's own writes (marks, comments) do not touch them, so a
/// learner's run of writes checks the session without asking the database; a change to the
/// account row (stamp, block, deletion) is announced as `account:{id}` and drops both.
public sealed class LearnerStates(IOptions<LearnerStateOptions> options, TimeProvider clock)
    : LearnerCopies<LearnerState?>(options.Value, clock), IReadModel
{
    public LearnerCopies<LearnerAccount?> Accounts { get; } = new(options.Value, clock);

    /// The account row changed (this instance wrote it): both copies go.
    public void ForgetAccount(string userId)
    {
        Forget(userId);
        Accounts.Forget(userId);
    }

    public void Apply(ReadModelChange change)
    {
        switch (change.Kind)
        {
            case ReadModelChangeKind.Learner when change.UserId is { } userId:
                Forget(userId);
                break;
            case ReadModelChangeKind.Account when change.UserId is { } userId:
                ForgetAccount(userId);
                break;
            // A state names its completed lessons by their course and lesson slugs.
            case ReadModelChangeKind.Catalog:
                ForgetAll();
                break;
            case ReadModelChangeKind.Everything:
                ForgetAll();
                Accounts.ForgetAll();
                break;
        }
    }
}

/// Copies of something per learner, shared by this instance's requests, each used for at most
/// <see cref="LearnerStateOptions.StateLifetime"/> and at most <see cref="LearnerStateOptions.StateCacheSize"/> of them.
///
/// A read that was under way when a change was announced must not store what it read (it may
/// predate the change): each learner id falls in one of a fixed set of stripes whose counter every
/// change moves, and a read stores its result only if its stripe's counter did not move meanwhile.
public class LearnerCopies<T>(LearnerStateOptions options, TimeProvider clock)
{
    private const int StripeCount = 1024;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly long[] _stripes = new long[StripeCount];
    private readonly int _capacity = options.StateCacheSize;
    private readonly TimeSpan _lifetime = options.StateLifetime;
    private long _nextSweepTicks;

    public int Count => _entries.Count;

    public bool TryGet(string userId, out T? value)
    {
        if (_entries.TryGetValue(userId, out var entry) && entry.Until > clock.GetUtcNow())
        {
            value = entry.Value;
            return true;
        }
        value = default;
        return false;
    }

    /// Taken before reading a learner's copy from the database; <see cref="Keep"/> needs it.
    public long Version(string userId) => Volatile.Read(ref _stripes[Stripe(userId)]);

    /// Keeps what was read from the database, unless a change to that learner (or one sharing its
    /// stripe) was announced since <paramref name="version"/> was taken.
    public void Keep(string userId, T? value, long version)
    {
        if (_lifetime <= TimeSpan.Zero || Version(userId) != version)
        {
            return;
        }
        var now = clock.GetUtcNow();
        if (_entries.Count >= _capacity || now.UtcTicks >= Volatile.Read(ref _nextSweepTicks))
        {
            // Expired copies go once a lifetime (so the copies of learners gone quiet do not stay
            // until the bound is reached), and the oldest half when the bound is reached.
            Volatile.Write(ref _nextSweepTicks, (now + _lifetime).UtcTicks);
            Shrink(now);
        }
        var entry = new Entry(value, now + _lifetime);
        _entries[userId] = entry;
        if (Version(userId) != version)
        {
            // A change was announced while storing: take back exactly what was stored.
            _entries.TryRemove(KeyValuePair.Create(userId, entry));
        }
    }

    public void Forget(string userId)
    {
        Interlocked.Increment(ref _stripes[Stripe(userId)]);
        _entries.TryRemove(userId, out _);
    }

    public void ForgetAll()
    {
        for (var i = 0; i < _stripes.Length; i++)
        {
            Interlocked.Increment(ref _stripes[i]);
        }
        _entries.Clear();
    }

    private static int Stripe(string userId) => StringComparer.Ordinal.GetHashCode(userId) & (StripeCount - 1);

    private void Shrink(DateTimeOffset now)
    {
        foreach (var (key, entry) in _entries)
        {
            if (entry.Until <= now)
            {
                _entries.TryRemove(key, out _);
            }
        }
        if (_entries.Count >= _capacity)
        {
            var oldest = _entries.OrderBy(e => e.Value.Until).Take(Math.Max(1, _entries.Count / 2)).Select(e => e.Key).ToList();
            foreach (var key in oldest)
            {
                _entries.TryRemove(key, out _);
            }
        }
    }

    /// A null value: no such account (deleted since the cookie was issued), also worth keeping.
    private sealed record Entry(T? Value, DateTimeOffset Until);
}
