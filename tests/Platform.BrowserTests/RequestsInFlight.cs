using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace Platform.BrowserTests;

/// The requests a page has open, so a test can wait until its scripts have their answers.
/// Playwright's network-idle state means the same but always waits a further 500 ms; over a tour of
/// fifty pages that is half a minute of a suite spent asleep.
public sealed class RequestsInFlight
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(60);
    // As long as the journeys wait for anything on a busy build machine.
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    // Only requests seen starting count: one that began before this watcher must not take the tally below zero.
    private readonly ConcurrentDictionary<IRequest, byte> _open = new();

    public RequestsInFlight(IPage page)
    {
        // What a page asks for to draw itself is read with GET. A write the previous page started (the
        // done button's POST, say) is cut off by leaving it, and Chromium does not always report how it ended.
        page.Request += (_, request) =>
        {
            // The tab's icon is the browser's own request, not the page's, and Chromium does not
            // always report its end (a tour once waited 90 s on a favicon.svg served in milliseconds).
            if (request.Method == "GET" && !request.Url.Contains("/favicon.", StringComparison.Ordinal))
            {
                _open.TryAdd(request, 0);
            }
        };
        page.RequestFinished += (_, request) => _open.TryRemove(request, out byte _);
        page.RequestFailed += (_, request) => _open.TryRemove(request, out byte _);
    }

    /// Forgets what the previous page had open: a request cut off by leaving a page does not always
    /// report its end, and must not hold up the next one.
    public void Forget() => _open.Clear();

    /// Returns once no request has been open for a short quiet spell: a script that asks again
    /// after its first answer (rules, then the account) starts its next request inside it.
    public async Task SettledAsync()
    {
        var started = DateTime.UtcNow;
        var quietSince = DateTime.UtcNow;
        while (true)
        {
            var now = DateTime.UtcNow;
            if (!_open.IsEmpty)
            {
                quietSince = now;
            }
            else if (now - quietSince >= Quiet)
            {
                return;
            }
            if (now - started > Limit)
            {
                throw new TimeoutException(
                    $"The page still had requests open after {Limit.TotalSeconds} s: {string.Join(", ", _open.Keys.Select(r => r.Method + " " + r.Url))}");
            }
            await Task.Delay(15);
        }
    }
}
