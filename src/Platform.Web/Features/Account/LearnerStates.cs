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
/// (<see cref="Forget"/>), so the learner's next page shows it.
///
/// A read that was under way when a change was announced must not store what it read (it may
/// predate the change): each learner id falls in one of a fixed set of stripes whose counter every
/// change moves, and a read stores its result only if its stripe's counter did not move meanwhile.
public sealed class LearnerStates(IOptions<LearnerStateOptions> options, TimeProvider clock) : IReadModel
{
    private const int StripeCount = 1024;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly long[] _stripes = new long[StripeCount];
    private readonly int _capacity = options.Value.StateCacheSize;
    private readonly TimeSpan _lifetime = options.Value.StateLifetime;
    private long _nextSweepTicks;

    public int Count => _entries.Count;

    public bool TryGet(string userId, out LearnerState? state)
    {
        if (_entries.TryGetValue(userId, out var entry) && entry.Until > clock.GetUtcNow())
        {
            state = entry.State;
            return true;
        }
        state = null;
        return false;
    }

    /// Taken before reading a learner's state from the database; <see cref="Keep"/> needs it.
    public long Version(string userId) => Volatile.Read(ref _stripes[Stripe(userId)]);

    /// Keeps a state read from the database, unless a change to that learner (or one sharing its
    /// stripe) was announced since <paramref name="version"/> was taken.
    public void Keep(string userId, LearnerState? state, long version)
    {
        if (_lifetime <= TimeSpan.Zero || Version(userId) != version)
        {
            return;
        }
        var now = clock.GetUtcNow();
        if (_entries.Count >= _capacity || now.UtcTicks >= Volatile.Read(ref _nextSweepTicks))
        {
            // Expired states go once a lifetime (so the copies of learners gone quiet do not stay
            // until the bound is reached), and the oldest half when the bound is reached.
            Volatile.Write(ref _nextSweepTicks, (now + _lifetime).UtcTicks);
            Shrink(now);
        }
        var entry = new Entry(state, now + _lifetime);
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

    public void Apply(ReadModelChange change)
    {
        switch (change.Kind)
        {
            case ReadModelChangeKind.Learner when change.UserId is { } userId:
                Forget(userId);
                break;
            // A state names its completed lessons by their course and lesson slugs.
            case ReadModelChangeKind.Catalog:
            case ReadModelChangeKind.Everything:
                ForgetAll();
                break;
        }
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

    /// Null state: no such account (deleted since the cookie was issued), also worth keeping.
    private sealed record Entry(LearnerState? State, DateTimeOffset Until);
}
