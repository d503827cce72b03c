using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Platform.Web.Features.Account;
using Platform.Web.Features.Comments;
using Platform.Web.Infrastructure.Hosting;
using Platform.Web.Infrastructure.Localization;
using Platform.Web.Infrastructure.Security;
using Platform.Web.Infrastructure.Telemetry;

namespace Platform.Web.Infrastructure.Caching;

/// Whole-page copies of the pages that carry a page-cache policy (lesson, catalog, course and tag
/// pages): one shared by every visitor, and one per signed-in browser session. A copy is served
/// before routing and authentication (<see cref="PageCopyHits"/>), so a hit costs no sign-in handler, no
/// Razor and no database.
///
/// Keys: <see cref="PageCopyKeys"/>.
///
/// A copy is used only while nothing it shows has changed:
/// - the page's lesson (its comments) and everything shared (catalog, names): the read-model
///   announcements every instance hears, applied after the read models themselves;
/// - for a learner, their state (<see cref="LearnerStates"/>): every change to what it holds,
///   whoever writes, moves the learner's stripe, and every POST of theirs does before its response
///   starts. A revoked session, a block or a role change is such a change;
/// - time: a visitor's copy lives <see cref="PageCache.Expiry"/> (a backstop: changes are
///   announced), a learner's a random three quarters to all of <see cref="LearnerStateOptions.StateLifetime"/> and never past
///   the sign-in cookie's own expiry. A copy that ages out is renewed by one request while the
///   others are still served it for a moment (<see cref="RenewalGrace"/>), never past that expiry.
/// A response that sets a cookie, or is not a 200 page, is not kept; nor is a visitor's page with
/// anything personal (it sets the antiforgery cookie, so it cannot be kept).
/// <see cref="LearnerStateOptions.PageCacheBytes"/> bounds the copies' total size.
public sealed class PageCopies(IOptions<LearnerStateOptions> options, LearnerStates states, TimeProvider clock)
{
    // Looked up by a key in a buffer (PageCopyKeys.TryFind), kept by string.
    private readonly ConcurrentDictionary<string, Page>.AlternateLookup<ReadOnlySpan<char>> _pagesBySpan =
        new ConcurrentDictionary<string, Page>(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
    private readonly ConcurrentDictionary<int, long> _lessonChanged = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<Page?>> _rendering = new(StringComparer.Ordinal);
    private readonly long _capacity = options.Value.PageCacheBytes;
    private long _sequence;
    private long _sharedChanged;
    private long _bytes;
    private long _nextSweepTicks;

    public bool Enabled => _capacity > 0;

    private ConcurrentDictionary<string, Page> Pages => _pagesBySpan.Dictionary;

    public int Count => Pages.Count;

    /// How long a learner's copy may be used.
    public TimeSpan LearnerLifetime { get; } = options.Value.StateLifetime;

    /// Taken before a page is rendered: a change announced after it makes what is rendered stale.
    public long Sequence => Interlocked.Read(ref _sequence);

    /// A copy that has aged out, with nothing it shows changed, is renewed by one request while
    /// the others are still served it, for this long at most: copies made at one moment age out
    /// at one moment (every learner who opened a page after a restart or a catalog change), and
    /// without this every request for them is rendered at once.
    public static readonly TimeSpan RenewalGrace = TimeSpan.FromSeconds(10);

    public bool TryGet(ReadOnlySpan<char> key, out Page page)
    {
        if (_pagesBySpan.TryGetValue(key, out page!) && IsUnchanged(page))
        {
            var now = clock.GetUtcNow();
            // Aged out: the first request to see it renders its successor (a miss); the rest are
            // served it until that is kept, within the grace and never past its hard end.
            if (page.Until > now || (now < page.Until + RenewalGrace && now < page.Latest && !page.ClaimRenewal()))
            {
                return true;
            }
        }
        page = null!;
        return false;
    }

    /// True when the page is kept (it is current and within the bound).
    public bool Keep(string key, Page page)
    {
        if (!Enabled || page.Size > _capacity / 8 || !IsCurrent(page))
        {
            return false;
        }
        var now = clock.GetUtcNow();
        if (Interlocked.Read(ref _bytes) + page.Size > _capacity || now.UtcTicks >= Volatile.Read(ref _nextSweepTicks))
        {
            // What is stale goes once a learner's lifetime, and the oldest half when the bound is reached.
            Volatile.Write(ref _nextSweepTicks, (now + LearnerLifetime).UtcTicks);
            Shrink();
        }
        if (Pages.TryGetValue(key, out var old))
        {
            Remove(key, old);
        }
        if (!Pages.TryAdd(key, page))
        {
            return false;
        }
        Interlocked.Add(ref _bytes, page.Size);
        return true;
    }

    /// One render of a page at a time. True: this request renders <paramref name="key"/> and ends
    /// with <see cref="EndRender"/>. False: another is rendering it, and <paramref name="inFlight"/>
    /// is the copy that render keeps (null when it keeps none). Without this, every request for a
    /// page with no copy renders it until one is kept: after a change to a lesson every visitor
    /// reading it, and for a learner whose copy aged out every request of theirs in flight. On a
    /// busy page that is dozens of renders at once, and the whole instance waits behind them.
    public bool TryStartRender(string key, out Task<Page?> inFlight)
    {
        var mine = new TaskCompletionSource<Page?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var current = _rendering.GetOrAdd(key, mine);
        inFlight = current.Task;
        return ReferenceEquals(current, mine);
    }

    /// Ends the render <see cref="TryStartRender"/> gave this request: those waiting for it get
    /// <paramref name="kept"/> (null: render it themselves).
    public void EndRender(string key, Page? kept)
    {
        if (_rendering.TryRemove(key, out var render))
        {
            render.TrySetResult(kept);
        }
    }

    public void Apply(ReadModelChange change)
    {
        var sequence = Interlocked.Increment(ref _sequence);
        switch (change.Kind)
        {
            // A learner's own changes move their stripe in LearnerStates, which their copies check.
            case ReadModelChangeKind.Learner or ReadModelChangeKind.Account:
                return;
            case ReadModelChangeKind.Comments:
                _lessonChanged[change.LessonId] = sequence;
                return;
            default:
                Interlocked.Exchange(ref _sharedChanged, sequence);
                return;
        }
    }

    /// Whether a copy may be served now: not aged out, and nothing it shows changed since it was
    /// made (also asked of the copy another request's render hands to those waiting for it).
    public bool IsCurrent(Page page) => page.Until > clock.GetUtcNow() && IsUnchanged(page);

    private bool IsUnchanged(Page page) =>
        (page.UserId is null || states.Version(page.UserId) == page.LearnerVersion)
        && Interlocked.Read(ref _sharedChanged) <= page.Sequence
        && (page.LessonId is not { } lesson || !_lessonChanged.TryGetValue(lesson, out var changed) || changed <= page.Sequence);

    private void Shrink()
    {
        var now = clock.GetUtcNow();
        foreach (var (key, page) in Pages)
        {
            if (page.Until + RenewalGrace <= now || !IsUnchanged(page))
            {
                Remove(key, page);
            }
        }
        if (Interlocked.Read(ref _bytes) > _capacity / 2)
        {
            foreach (var (key, page) in Pages.OrderBy(p => p.Value.Until).Take(Math.Max(1, Pages.Count / 2)).ToList())
            {
                Remove(key, page);
            }
        }
    }

    private void Remove(string key, Page page)
    {
        if (Pages.TryRemove(KeyValuePair.Create(key, page)))
        {
            Interlocked.Add(ref _bytes, -page.Size);
        }
    }

    /// A kept page: its headers (those the page itself set) and body, and what it was made from
    /// (<see cref="UserId"/> null: the visitors' copy).
    /// <see cref="Gzip"/>: the body compressed, for the visitors' copy only (a learner's page carries
    /// antiforgery tokens, and a compressed secret beside text others wrote is what BREACH reads).
    /// <see cref="Until"/>: when it ages out (<see cref="RenewalGrace"/>); <see cref="HardEnd"/>: when it
    /// may no longer be served at all (a learner's, when their sign-in cookie expires).
    public sealed record Page(
        string? UserId, long LearnerVersion, long Sequence, int? LessonId, DateTimeOffset Stored, DateTimeOffset Until,
        KeyValuePair<string, string>[] Headers, byte[] Body, byte[]? Gzip = null, DateTimeOffset? HardEnd = null)
    {
        private int _renewing;

        /// What the copy holds in memory.
        public int Size => Body.Length + (Gzip?.Length ?? 0);

        public DateTimeOffset Latest => HardEnd ?? DateTimeOffset.MaxValue;

        /// True for the one request that renews this copy.
        public bool ClaimRenewal() => Interlocked.Exchange(ref _renewing, 1) == 0;
    }
}

/// Serves a page from its kept copy (<see cref="PageCopies"/> says when a copy is used), as early as
/// the key is known: after the language and the forwarded address and scheme, before the error
/// pages, routing, the request checks and authentication. A hit costs no more than the copy itself.
/// A miss goes on to <see cref="PageCopyMiddleware"/>, which renders the page and keeps it.
///
/// What the middleware it skips would have done is already in the copy or in its key: the copy's
/// headers are those its first answer carried (the security headers, a learner's no-store, HSTS:
/// the scheme is in the key), and the path and query in the key are those the text policy passed.
/// The headers that policy checks and the key leaves out (User-Agent, Referer) are checked here.
public sealed class PageCopyHits(RequestDelegate next, PageCopies copies, PageCopyKeys keys, SocketThreads threads, TimeProvider clock)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (copies.Enabled && keys.TryFind(context.Request, copies, out var copy, out var learner)
            && TextPolicy.AllowsStoredHeaders(context.Request))
        {
            PlatformMetrics.CacheHits.Add(1, SocketThreads.ThreadTag);
            threads.Adopt(context);
            return ServeAsync(context, copy, learner, clock);
        }
        return threads.RunOnPoolAsync(context, next);
    }

    /// Answers with a kept copy (here, or in <see cref="PageCopyMiddleware"/> for a request that
    /// waited for another's render of it).
    internal static Task ServeAsync(HttpContext context, PageCopies.Page page, bool learner, TimeProvider clock)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        foreach (var (name, value) in page.Headers)
        {
            response.Headers[name] = value;
        }
        var body = page.Body;
        if (!learner)
        {
            // A shared copy says how old it is, as HTTP caches do.
            response.Headers.Age = ((long)Math.Max(0, (clock.GetUtcNow() - page.Stored).TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            if (page.Gzip is { } gzip && AcceptEncoding.TakesGzip(context.Request.Headers.AcceptEncoding))
            {
                response.Headers.ContentEncoding = "gzip";
                body = gzip;
            }
        }
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }
}

/// A kept page's key: the request's language, scheme, host and address; for a signed-in learner
/// also the request's whole Cookie header (the sign-in cookie, the antiforgery cookie its forms'
/// tokens pair with). The same sign-in cookie decrypts to the same ticket, so nothing is decrypted
/// to find a copy. No key for a request no copy answers: not a GET, or with credentials in a header.
///
/// A hit looks its copy up by the key written into a buffer (<see cref="TryFind"/>), never made a
/// string: a learner's key holds their sign-in ticket, over a kilobyte, and a new string of it on
/// every hit was most of what a hit left for the collector.
public sealed class PageCopyKeys(IOptionsMonitor<CookieAuthenticationOptions> cookies)
{
    // Keys up to this long are written on the stack; a learner's, with their cookies, is longer.
    private const int StackKey = 512;

    private readonly string _cookieName = cookies.Get(IdentityConstants.ApplicationScheme).Cookie.Name!;

    /// <paramref name="learner"/>: the request carries the sign-in cookie, valid or not. Such a
    /// request never reads or makes the visitors' copy.
    public string? For(HttpRequest request, out bool learner)
    {
        var length = Measure(request, out learner);
        return length < 0 ? null : string.Create(length, (keys: this, request, learner), static (key, s) => s.keys.Write(s.request, s.learner, key));
    }

    /// The request's copy in <paramref name="copies"/>, if one is kept and current.
    public bool TryFind(HttpRequest request, PageCopies copies, out PageCopies.Page page, out bool learner)
    {
        var length = Measure(request, out learner);
        if (length < 0)
        {
            page = null!;
            return false;
        }
        char[]? rented = null;
        var key = length <= StackKey ? stackalloc char[StackKey] : (rented = ArrayPool<char>.Shared.Rent(length));
        key = key[..length];
        Write(request, learner, key);
        var found = copies.TryGet(key, out page);
        if (rented is not null)
        {
            ArrayPool<char>.Shared.Return(rented);
        }
        return found;
    }

    /// The key's length, or -1 when no copy answers the request.
    private int Measure(HttpRequest request, out bool learner)
    {
        learner = false;
        if (!HttpMethods.IsGet(request.Method) || request.Headers.ContainsKey(HeaderNames.Authorization))
        {
            return -1;
        }
        var length = Languages.Current.Length + 1 + request.Scheme.Length + 3 + (request.Host.Value?.Length ?? 0)
            + (request.PathBase.Value?.Length ?? 0) + (request.Path.Value?.Length ?? 0) + (request.QueryString.Value?.Length ?? 0);
        // Any mention of the cookie's name counts (a value that quotes it, a chunk of a large
        // ticket): at worst such a request is rendered and not kept, never served the visitors' copy.
        var cookieLength = 0;
        foreach (var line in request.Headers.Cookie)
        {
            learner |= line?.Contains(_cookieName, StringComparison.Ordinal) == true;
            cookieLength += 1 + (line?.Length ?? 0);
        }
        return learner ? length + cookieLength : length;
    }

    private void Write(HttpRequest request, bool learner, Span<char> key)
    {
        static void Add(ref Span<char> rest, ReadOnlySpan<char> part)
        {
            part.CopyTo(rest);
            rest = rest[part.Length..];
        }
        Add(ref key, Languages.Current);
        Add(ref key, "\n");
        Add(ref key, request.Scheme);
        Add(ref key, "://");
        Add(ref key, request.Host.Value);
        Add(ref key, request.PathBase.Value);
        Add(ref key, request.Path.Value);
        Add(ref key, request.QueryString.Value);
        if (learner)
        {
            foreach (var line in request.Headers.Cookie)
            {
                Add(ref key, "\n");
                Add(ref key, line);
            }
        }
    }
}

/// Renders a page that carries a page-cache policy and keeps a copy of it, when
/// <see cref="PageCopyHits"/> had none (<see cref="PageCopies"/> says when a copy is kept). Before
/// authentication, so it can tell which learner's copy it keeps from the sign-in it then runs.
public sealed class PageCopyMiddleware(RequestDelegate next, PageCopies copies, PageCopyKeys keys, TimeProvider clock)
{
    private const int MaxBody = 4 * 1024 * 1024;

    // What a kept page's own headers may not carry over: the server's, the length, cookies, and
    // what is worked out again per request.
    private static readonly HashSet<string> NotKept = new(StringComparer.OrdinalIgnoreCase)
    {
        HeaderNames.Date, HeaderNames.Server, HeaderNames.ContentLength, HeaderNames.TransferEncoding, HeaderNames.SetCookie,
        HeaderNames.Age, "Server-Timing",
    };

    // The query parameters these pages read (the comment section's page and order). An address
    // with any other is rendered and not kept: a copy per made-up query string would only push
    // out the copies people use.
    private static readonly HashSet<string> PageParameters = new(StringComparer.Ordinal) { "comments", CommentOrders.QueryName };

    // How long a request waits for another's render of its page before rendering it itself.
    private static readonly TimeSpan RenderWait = TimeSpan.FromSeconds(5);

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!copies.Enabled || !IsKeptPage(context) || keys.For(request, out var learner) is not { } key
            || request.Query.Keys.Any(name => !PageParameters.Contains(name)))
        {
            await next(context);
            return;
        }

        if (!copies.TryStartRender(key, out var inFlight))
        {
            // Another request is rendering this page: the copy it keeps answers this one too.
            if (await WaitForAsync(inFlight, context.RequestAborted) is { } copy && copies.IsCurrent(copy))
            {
                PlatformMetrics.CacheHits.Add(1, SocketThreads.ThreadTag);
                await PageCopyHits.ServeAsync(context, copy, learner, clock);
                return;
            }
            await RenderAsync(context, key, learner);
            return;
        }
        PageCopies.Page? rendered = null;
        try
        {
            rendered = await RenderAsync(context, key, learner);
        }
        finally
        {
            copies.EndRender(key, rendered);
        }
    }

    /// Waits for another request's render of the page, up to <see cref="RenderWait"/>; null when
    /// it keeps no copy or takes longer.
    private static async Task<PageCopies.Page?> WaitForAsync(Task<PageCopies.Page?> render, CancellationToken aborted)
    {
        try
        {
            return await render.WaitAsync(RenderWait, aborted);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    /// Renders the page and keeps a copy of it when it may be kept; returns that copy.
    private async Task<PageCopies.Page?> RenderAsync(HttpContext context, string key, bool learner)
    {
        var sequence = copies.Sequence;
        // Where the render starts: never a socket thread (SocketThreads), which the metric shows.
        var renderedOn = SocketThreads.ThreadTag;
        if (!learner)
        {
            // Its copy is also served compressed to those who ask: a cache in between keeps both.
            context.Response.Headers.Append(HeaderNames.Vary, HeaderNames.AcceptEncoding);
        }
        var kept = new KeptPage(shared: !learner);
        context.Features.Set(kept);
        var bodyFeature = context.Features.Get<IHttpResponseBodyFeature>()!;
        await using var tee = new TeeStream(bodyFeature.Stream);
        context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(tee, bodyFeature));
        try
        {
            await next(context);
        }
        finally
        {
            context.Features.Set(bodyFeature);
            context.Features.Set<KeptPage>(null);
        }

        var response = context.Response;
        if (response.StatusCode != StatusCodes.Status200OK || tee.Overflowed || response.Headers.ContainsKey(HeaderNames.SetCookie))
        {
            return null;
        }
        var now = clock.GetUtcNow();
        string? userId = null;
        long learnerVersion = 0;
        var until = now + PageCache.Expiry;
        DateTimeOffset? hardEnd = null;
        if (learner)
        {
            // Kept only for the learner the cookie proved to be, from the state version it was made from.
            if (context.User.UserId() is not { } id
                || context.RequestServices.GetRequiredService<SignedInLearner>().VersionRead(id) is not { } version)
            {
                return null;
            }
            // Between three quarters of the lifetime and all of it: copies made at one moment (every
            // learner after a restart) then age out over seconds, not in one burst of renders.
            var lifetime = copies.LearnerLifetime * (0.75 + 0.25 * Random.Shared.NextDouble());
            (userId, learnerVersion, until) = (id, version, now + lifetime);
            hardEnd = context.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult?.Properties?.ExpiresUtc;
            if (hardEnd < until)
            {
                until = hardEnd.Value;
            }
        }
        else if (context.User.Identity?.IsAuthenticated == true)
        {
            return null;
        }
        PlatformMetrics.CacheMisses.Add(1, renderedOn);
        var headers = response.Headers.Where(h => !NotKept.Contains(h.Key))
            .Select(h => KeyValuePair.Create(h.Key, h.Value.ToString())).ToArray();
        var body = tee.Captured();
        var page = new PageCopies.Page(
            userId, learnerVersion, sequence, kept.LessonId, now, until, headers, body, Gzip: learner ? null : AcceptEncoding.Gzip(body), hardEnd);
        return copies.Keep(key, page) ? page : null;
    }

    /// The pages that carry a page-cache policy.
    private static bool IsKeptPage(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<OutputCacheAttribute>()?.PolicyName is PageCache.LessonPolicy or PageCache.CatalogPolicy;

    /// Passes every write on and keeps a copy of the bytes (up to a bound), in a pooled buffer: a
    /// page of threads is larger than the large-object threshold, and a new buffer per rendering
    /// would leave the large-object heap to grow.
    private sealed class TeeStream(Stream inner) : Stream
    {
        private byte[] _copy = ArrayPool<byte>.Shared.Rent(64 * 1024);
        private int _length;

        public bool Overflowed { get; private set; }

        public byte[] Captured() => _copy.AsSpan(0, _length).ToArray();

        protected override void Dispose(bool disposing)
        {
            if (_copy.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(_copy);
                _copy = [];
            }
            base.Dispose(disposing);
        }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            Keep(buffer.AsSpan(offset, count));
            inner.Write(buffer, offset, count);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Keep(buffer.Span);
            return inner.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private void Keep(ReadOnlySpan<byte> bytes)
        {
            if (Overflowed || _length + bytes.Length > MaxBody)
            {
                Overflowed = true;
                return;
            }
            if (_length + bytes.Length > _copy.Length)
            {
                var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_copy.Length * 2, _length + bytes.Length));
                _copy.AsSpan(0, _length).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(_copy);
                _copy = larger;
            }
            bytes.CopyTo(_copy.AsSpan(_length));
            _length += bytes.Length;
        }
    }
}
