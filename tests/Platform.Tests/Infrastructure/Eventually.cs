using System.Diagnostics;

namespace Platform.Tests.Infrastructure;

/// For what another instance (or this one's own listener) learns from the database's
/// announcements: it arrives moments after the commit, not with the response.
public static class Eventually
{
    /// How long an instance may show a stale copy after a change (the read model's promise).
    public static readonly TimeSpan Promise = TimeSpan.FromSeconds(2);

    /// Reads until <paramref name="done"/> holds or <see cref="Promise"/> has passed; true when it held.
    public static async Task<bool> HoldsAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (done(await read()))
            {
                return true;
            }
            if (clock.Elapsed > Promise)
            {
                return false;
            }
            await Task.Delay(50);
        }
    }
}
