using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Platform.Web.Infrastructure.Data;

namespace Platform.Web.Features.Lessons.Links;

/// What one round of the link check did.
public sealed record LinkCheckRound(int Links, int Checked, int Failed);

/// Checks the external addresses lessons link to: HEAD first, GET when HEAD is refused, each request
/// with a timeout, redirects followed up to a cap, one request at a time per host with a pause
/// between them, and each address at most once per <see cref="LinkCheckOptions.Interval"/>. One
/// instance at a time runs a round (a session advisory lock); the others skip it.
public sealed class ExternalLinkCheck(
    PlatformDbContext db,
    NpgsqlDataSource dataSource,
    LessonMarkdown markdown,
    IHttpClientFactory httpClients,
    IOptions<LinkCheckOptions> options,
    TimeProvider clock,
    ILogger<ExternalLinkCheck> logger)
{
    public const string HttpClientName = "link-check";

    /// Runs one round; null when another instance is running one.
    public async Task<LinkCheckRound?> RunAsync(CancellationToken ct)
    {
        // The lock is held by a transaction of its own connection for the whole round (minutes of
        // HTTP): it writes nothing, and a crashed instance's lock goes with its connection.
        await using var lockConnection = await dataSource.OpenConnectionAsync(ct);
        await using var lockTransaction = await lockConnection.BeginTransactionAsync(ct);
        if (!await AdvisoryLock.LinkCheck.TryTakeAsync(lockTransaction, ct))
        {
            return null;
        }
        var links = await SyncLessonLinksAsync(ct);
        var now = clock.GetUtcNow();
        var due = await db.Set<ExternalLink>()
            .Where(l => l.NextCheckAt <= now)
            .OrderBy(l => l.NextCheckAt).ThenBy(l => l.Id)
            .Take(options.Value.MaxPerRound)
            .ToListAsync(ct);
        var failed = 0;
        var byHost = due.GroupBy(l => l.Host, StringComparer.OrdinalIgnoreCase).ToList();
        var results = new Dictionary<long, LinkResult>();
        await Parallel.ForEachAsync(
            byHost,
            new ParallelOptions { MaxDegreeOfParallelism = options.Value.ParallelHosts, CancellationToken = ct },
            async (host, token) =>
            {
                var first = true;
                foreach (var link in host)
                {
                    if (!first && options.Value.PerHostDelay > TimeSpan.Zero)
                    {
                        await Task.Delay(options.Value.PerHostDelay, clock, token);
                    }
                    first = false;
                    var result = await CheckAsync(link.Url, token);
                    lock (results)
                    {
                        results[link.Id] = result;
                    }
                }
            });
        var checkedAt = clock.GetUtcNow();
        foreach (var link in due)
        {
            var result = results[link.Id];
            link.Outcome = result.Outcome;
            link.StatusCode = result.StatusCode;
            link.Detail = result.Detail is { Length: > 500 } d ? d[..500] : result.Detail;
            link.CheckedAt = checkedAt;
            link.NextCheckAt = checkedAt + options.Value.Interval;
            failed += result.Outcome == LinkOutcome.Ok ? 0 : 1;
        }
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        logger.LogInformation("Link check: {Checked} of {Links} addresses checked, {Failed} failed.", due.Count, links, failed);
        return new LinkCheckRound(links, due.Count, failed);
    }

    /// Makes every address of one lesson due now (an admin's re-check); returns how many.
    public async Task<int> RequestRecheckAsync(int lessonId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return await db.Set<ExternalLink>()
            .Where(l => db.Set<LessonExternalLink>().Any(le => le.LessonId == lessonId && le.LinkId == l.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.NextCheckAt, now), ct);
    }

    /// Brings the lesson → address table in line with the current revisions; new addresses are due now.
    private async Task<int> SyncLessonLinksAsync(CancellationToken ct)
    {
        var lessons = await db.Lessons.AsNoTracking()
            .Where(l => l.Status != LessonStatus.Unpublished && l.Course.IsPublished)
            .Select(l => new { l.Id, Markdown = l.Revisions.Where(r => r.Number == l.RevisionNumber).Select(r => r.Markdown).FirstOrDefault() })
            .ToListAsync(ct);
        var wanted = lessons
            .SelectMany(l => markdown.ExternalLinksOf(l.Markdown ?? "").Select(Normalize).OfType<string>().Distinct().Select(url => (l.Id, Url: url)))
            .ToList();
        var now = clock.GetUtcNow();
        var known = await db.Set<ExternalLink>().ToDictionaryAsync(l => l.Url, StringComparer.Ordinal, ct);
        foreach (var url in wanted.Select(w => w.Url).Distinct(StringComparer.Ordinal).Where(u => !known.ContainsKey(u)))
        {
            var link = new ExternalLink { Url = url, Host = new Uri(url).Host, Outcome = LinkOutcome.Unchecked, NextCheckAt = now };
            db.Add(link);
            known[url] = link;
        }
        await db.SaveChangesAsync(ct);
        var wantedPairs = wanted.Select(w => (LessonId: w.Id, LinkId: known[w.Url].Id)).ToHashSet();
        var existing = await db.Set<LessonExternalLink>().ToListAsync(ct);
        db.RemoveRange(existing.Where(e => !wantedPairs.Contains((e.LessonId, e.LinkId))));
        var existingPairs = existing.Select(e => (e.LessonId, e.LinkId)).ToHashSet();
        db.AddRange(wantedPairs.Where(p => !existingPairs.Contains(p)).Select(p => new LessonExternalLink { LessonId = p.LessonId, LinkId = p.LinkId }));
        await db.SaveChangesAsync(ct);
        var stillUsed = wantedPairs.Select(p => p.LinkId).ToHashSet();
        db.RemoveRange(known.Values.Where(l => !stillUsed.Contains(l.Id)));
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return stillUsed.Count;
    }

    /// The address as fetched: no fragment (a server never sees it), at most the stored length.
    private static string? Normalize(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.GetLeftPart(UriPartial.Query) is { Length: <= ExternalLink.UrlMaxLength } plain
            ? plain
            : null;

    private async Task<LinkResult> CheckAsync(string url, CancellationToken ct)
    {
        var head = await FollowAsync(HttpMethod.Head, url, ct);
        // Many servers refuse or mishandle HEAD (405, 403, 404, 501): GET decides.
        return head.Outcome == LinkOutcome.Broken ? await FollowAsync(HttpMethod.Get, url, ct) : head;
    }

    private async Task<LinkResult> FollowAsync(HttpMethod method, string url, CancellationToken ct)
    {
        var client = httpClients.CreateClient(HttpClientName);
        var current = new Uri(url);
        var visited = new HashSet<string>(StringComparer.Ordinal) { current.AbsoluteUri };
        for (var redirects = 0; ; redirects++)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(options.Value.Timeout);
            try
            {
                using var request = new HttpRequestMessage(method, current);
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                var status = (int)response.StatusCode;
                if (status is >= 300 and < 400 && response.Headers.Location is { } location)
                {
                    var next = new Uri(current, location);
                    if (next.Scheme != Uri.UriSchemeHttp && next.Scheme != Uri.UriSchemeHttps)
                    {
                        return new LinkResult(LinkOutcome.Unreachable, status, $"redirect to {next.Scheme}:");
                    }
                    if (!visited.Add(next.AbsoluteUri))
                    {
                        return new LinkResult(LinkOutcome.TooManyRedirects, status, $"redirect loop at {next.AbsoluteUri}");
                    }
                    if (redirects >= options.Value.MaxRedirects)
                    {
                        return new LinkResult(LinkOutcome.TooManyRedirects, status, $"more than {options.Value.MaxRedirects} redirects");
                    }
                    current = next;
                    continue;
                }
                return response.IsSuccessStatusCode
                    ? new LinkResult(LinkOutcome.Ok, status, null)
                    : new LinkResult(LinkOutcome.Broken, status, $"{method} {status} {response.ReasonPhrase}".TrimEnd());
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                return new LinkResult(LinkOutcome.Timeout, null, $"no answer within {options.Value.Timeout.TotalSeconds:0.#} s");
            }
            catch (HttpRequestException e)
            {
                return new LinkResult(LinkOutcome.Unreachable, null, e.HttpRequestError == HttpRequestError.Unknown ? e.Message : e.HttpRequestError.ToString());
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Anything else one odd address causes (a malformed redirect, say) is that address's
                // outcome: it must not end the round, which would leave it first in line for ever.
                return new LinkResult(LinkOutcome.Unreachable, null, e.GetType().Name);
            }
        }
    }

    private sealed record LinkResult(LinkOutcome Outcome, int? StatusCode, string? Detail);
}

/// Wakes the link check's schedule at once (an admin asked for a re-check).
public sealed class LinkCheckSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Wake()
    {
        if (_signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already awake.
            }
        }
    }

    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct) => await _signal.WaitAsync(timeout, ct);
}

/// Runs <see cref="ExternalLinkCheck"/> every <see cref="LinkCheckOptions.PollInterval"/>, or when woken.
internal sealed class LinkCheckSchedule(
    IServiceScopeFactory scopes, LinkCheckSignal signal, IOptions<LinkCheckOptions> options, ILogger<LinkCheckSchedule> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await signal.WaitAsync(options.Value.StartDelay, stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<ExternalLinkCheck>().RunAsync(stoppingToken);
                }
                catch (Exception e) when (e is DbUpdateException or NpgsqlException or InvalidOperationException or TimeoutException)
                {
                    logger.LogError(e, "The link check failed a round; trying again later.");
                }
                await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
