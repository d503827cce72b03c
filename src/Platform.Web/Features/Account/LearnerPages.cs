using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Platform.Web.Infrastructure.Caching;
using Platform.Web.Infrastructure.Localization;

namespace Platform.Web.Features.Account;

/// A signed-in learner's copies of the pages the visitors' cache keeps (lesson, catalog, course and
/// tag pages), so the learner's next look at the same page costs no more than a visitor's: no
/// sign-in handler, no Razor, no database.
///
/// A copy belongs to one browser session: its key is the request's whole Cookie header (the sign-in
/// cookie, the antiforgery cookie its forms' tokens pair with, the language), the address and the
/// interface language. The same sign-in cookie decrypts to the same ticket, so nothing is decrypted
/// to find a copy. A copy is used only while nothing it shows has changed:
/// - the learner's state (<see cref="LearnerStates"/>): every change to what it holds, whoever
///   writes, moves the learner's stripe, and every POST of theirs does before its response starts.
///   A revoked session, a block or a role change is such a change;
/// - the page's lesson (its comments) and everything shared (catalog, names): the read-model
///   announcements every instance hears;
/// - time: at most <see cref="LearnerStateOptions.StateLifetime"/> (30 s), and never past the
///   sign-in cookie's own expiry.
/// A response that sets a cookie (a renewed sign-in, a flash message read) or is not a 200 page is
/// not kept. <see cref="LearnerStateOptions.PageCacheBytes"/> bounds the copies' total size.
public sealed class LearnerPages(IOptions<LearnerStateOptions> options, TimeProvider clock) : IReadModel
{
    private readonly ConcurrentDictionary<string, Page> _pages = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<int, long> _lessonChanged = new();
    private readonly long _capacity = options.Value.PageCacheBytes;
    private readonly TimeSpan _lifetime = options.Value.StateLifetime;
    private long _sequence;
    private long _sharedChanged;
    private long _bytes;
    private long _nextSweepTicks;

    public bool Enabled => _capacity > 0 && _lifetime > TimeSpan.Zero;

    public int Count => _pages.Count;

    public TimeSpan Lifetime => _lifetime;

    /// Taken before a page is rendered: a change announced after it makes what is rendered stale.
    public long Sequence => Interlocked.Read(ref _sequence);

    public bool TryGet(string key, LearnerStates states, out Page page)
    {
        if (_pages.TryGetValue(key, out page!) && IsCurrent(page, states))
        {
            return true;
        }
        page = null!;
        return false;
    }

    public void Keep(string key, Page page, LearnerStates states)
    {
        if (!Enabled || page.Body.Length > _capacity / 8 || !IsCurrent(page, states))
        {
            return;
        }
        var now = clock.GetUtcNow();
        if (Interlocked.Read(ref _bytes) + page.Body.Length > _capacity || now.UtcTicks >= Volatile.Read(ref _nextSweepTicks))
        {
            Volatile.Write(ref _nextSweepTicks, (now + _lifetime).UtcTicks);
            Shrink(states);
        }
        if (_pages.TryGetValue(key, out var old) && _pages.TryRemove(KeyValuePair.Create(key, old)))
        {
            Interlocked.Add(ref _bytes, -old.Body.Length);
        }
        if (_pages.TryAdd(key, page))
        {
            Interlocked.Add(ref _bytes, page.Body.Length);
        }
    }

    public void Apply(ReadModelChange change)
    {
        var sequence = Interlocked.Increment(ref _sequence);
        switch (change.Kind)
        {
            // A learner's own changes move their stripe in LearnerStates, which every copy checks.
            case ReadModelChangeKind.Learner:
                return;
            case ReadModelChangeKind.Comments:
                _lessonChanged[change.LessonId] = sequence;
                return;
            default:
                Interlocked.Exchange(ref _sharedChanged, sequence);
                return;
        }
    }

    private bool IsCurrent(Page page, LearnerStates states) =>
        page.Until > clock.GetUtcNow()
        && states.Version(page.UserId) == page.LearnerVersion
        && Interlocked.Read(ref _sharedChanged) <= page.Sequence
        && (page.LessonId is not { } lesson || !_lessonChanged.TryGetValue(lesson, out var changed) || changed <= page.Sequence);

    private void Shrink(LearnerStates states)
    {
        foreach (var (key, page) in _pages)
        {
            if (!IsCurrent(page, states))
            {
                Remove(key, page);
            }
        }
        if (Interlocked.Read(ref _bytes) > _capacity / 2)
        {
            foreach (var (key, page) in _pages.OrderBy(p => p.Value.Until).Take(Math.Max(1, _pages.Count / 2)).ToList())
            {
                Remove(key, page);
            }
        }
    }

    private void Remove(string key, Page page)
    {
        if (_pages.TryRemove(KeyValuePair.Create(key, page)))
        {
            Interlocked.Add(ref _bytes, -page.Body.Length);
        }
    }

    /// A kept page: its headers (those the page itself set) and body, and what it was rendered from.
    public sealed record Page(
        string UserId, long LearnerVersion, long Sequence, int? LessonId, DateTimeOffset Until,
        KeyValuePair<string, string>[] Headers, byte[] Body);
}

/// Serves a learner's kept copy of a page, or renders it and keeps it: before authentication, like
/// the visitors' page cache it follows (<see cref="LearnerPages"/> says when a copy is used).
public sealed class LearnerPageMiddleware(
    RequestDelegate next, LearnerPages pages, LearnerStates states, IOptionsMonitor<CookieAuthenticationOptions> cookies, TimeProvider clock)
{
    private const int MaxBody = 4 * 1024 * 1024;

    // What a kept page's own headers may not carry over: the server's, the length, cookies, and
    // those the middleware in front add to every response.
    private static readonly HashSet<string> NotKept = new(StringComparer.OrdinalIgnoreCase)
    {
        HeaderNames.Date, HeaderNames.Server, HeaderNames.ContentLength, HeaderNames.TransferEncoding, HeaderNames.SetCookie,
        "Server-Timing",
    };

    private readonly string _cookieName = cookies.Get(IdentityConstants.ApplicationScheme).Cookie.Name!;

    public async Task InvokeAsync(HttpContext context)
    {
        if (!pages.Enabled || !HttpMethods.IsGet(context.Request.Method) || !IsKeptPage(context)
            || !context.Request.Cookies.ContainsKey(_cookieName)
            || context.Request.Headers.ContainsKey(HeaderNames.Authorization))
        {
            await next(context);
            return;
        }

        var key = string.Concat(
            Languages.Current, "\n", context.Request.Host.Value, context.Request.PathBase.Value, context.Request.Path.Value,
            context.Request.QueryString.Value, "\n", context.Request.Headers.Cookie.ToString());
        if (pages.TryGet(key, states, out var kept))
        {
            await ServeAsync(context, kept);
            return;
        }

        var sequence = pages.Sequence;
        var shown = new ShownLesson();
        context.Features.Set(shown);
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
            context.Features.Set<ShownLesson>(null);
        }

        var response = context.Response;
        if (response.StatusCode != StatusCodes.Status200OK || tee.Overflowed || response.Headers.ContainsKey(HeaderNames.SetCookie)
            || context.User.UserId() is not { } userId
            || context.RequestServices.GetRequiredService<SignedInLearner>().VersionRead(userId) is not { } learnerVersion)
        {
            return;
        }
        var until = clock.GetUtcNow() + pages.Lifetime;
        if (context.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult?.Properties?.ExpiresUtc is { } expires && expires < until)
        {
            until = expires;
        }
        var headers = response.Headers.Where(h => !NotKept.Contains(h.Key))
            .Select(h => KeyValuePair.Create(h.Key, h.Value.ToString())).ToArray();
        pages.Keep(key, new LearnerPages.Page(userId, learnerVersion, sequence, shown.Id, until, headers, tee.Captured()), states);
    }

    /// The pages the visitors' cache keeps (they carry its policy), kept per learner here.
    private static bool IsKeptPage(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<OutputCacheAttribute>()?.PolicyName is PageCache.LessonPolicy or PageCache.CatalogPolicy;

    private static Task ServeAsync(HttpContext context, LearnerPages.Page page)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        foreach (var (name, value) in page.Headers)
        {
            response.Headers[name] = value;
        }
        response.ContentLength = page.Body.Length;
        return response.Body.WriteAsync(page.Body, context.RequestAborted).AsTask();
    }

    /// Passes every write on and keeps a copy of the bytes (up to a bound).
    private sealed class TeeStream(Stream inner) : Stream
    {
        private readonly ArrayBufferWriter<byte> _copy = new(32 * 1024);

        public bool Overflowed { get; private set; }

        public byte[] Captured() => _copy.WrittenSpan.ToArray();

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
            if (Overflowed || _copy.WrittenCount + bytes.Length > MaxBody)
            {
                Overflowed = true;
                return;
            }
            _copy.Write(bytes);
        }
    }
}
