using System.Collections.Concurrent;

namespace Platform.Web.Infrastructure.Caching;

/// Values every request shares, built once on first use and dropped when what they show changes.
/// A build in progress is shared too: a hundred readers of a cold entry cause one query. A failed
/// build is forgotten, so the next reader tries again. Dropping an entry while it is being built
/// discards that build for later readers, so a change never leaves an older copy behind.
public sealed class SharedEntries<TKey, TValue>
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Lazy<Task<TValue>>> _entries = new();

    public int Count => _entries.Count;

    public async Task<TValue> GetAsync(TKey key, Func<TKey, Task<TValue>> build)
    {
        // Off the caller's context: the build belongs to every reader, not to the first one.
        var entry = _entries.GetOrAdd(key, k => new Lazy<Task<TValue>>(() => Task.Run(() => build(k))));
        try
        {
            return await entry.Value;
        }
        catch
        {
            _entries.TryRemove(new KeyValuePair<TKey, Lazy<Task<TValue>>>(key, entry));
            throw;
        }
    }

    public void Remove(TKey key) => _entries.TryRemove(key, out _);

    public void RemoveWhere(Func<TKey, bool> match)
    {
        foreach (var key in _entries.Keys)
        {
            if (match(key))
            {
                _entries.TryRemove(key, out _);
            }
        }
    }

    public void Clear() => _entries.Clear();
}
