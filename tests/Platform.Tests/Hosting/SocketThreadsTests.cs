using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Platform.Tests.Infrastructure;
using Platform.Tests.Lessons;
using Platform.Web.Infrastructure.Hosting;

namespace Platform.Tests.Hosting;

/// Alone: the page cache's counters are process-wide, and another Kestrel host's hits would count.
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SocketThreadsCollection
{
    public const string Name = "Socket threads";
}

/// Kept pages answered on the socket's own thread, everything else on the thread pool
/// (<see cref="SocketThreads"/>), on a real Kestrel port.
[Collection(SocketThreadsCollection.Name)]
public sealed class SocketThreadsTests(SocketThreadsTests.Site site) : IClassFixture<SocketThreadsTests.Site>
{
    [Fact]
    public async Task A_kept_page_is_answered_on_the_socket_thread_and_every_other_request_on_the_pool()
    {
        var seen = new ConcurrentQueue<(string Counter, bool SocketThread)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name is "platform.cache.hits" or "platform.cache.misses")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == SocketThreads.MetricTag)
                {
                    seen.Enqueue((instrument.Name, (bool)tag.Value!));
                }
            }
        });
        listener.Start();

        // One connection, as a browser keeps one open.
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 }) { BaseAddress = new Uri(site.BaseUrl) };
        var rendered = await client.GetStringAsync("/courses/demo/third");
        // A request is read on the socket's thread when it arrives while the connection waits for
        // it. One that arrives before the wait is posted (the server still busy with the last
        // answer, as on a machine running the whole suite) is read at once by the thread posting
        // it, a pool thread. So each view comes a moment after the last, as a reader's click does,
        // and a busy moment gets a few more views (at most ten).
        for (var i = 0; i < 3 || (i < 10 && !seen.Contains(("platform.cache.hits", true))); i++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100));
            var kept = await client.GetAsync("/courses/demo/third");
            Assert.NotNull(kept.Headers.Age);
            Assert.Equal(rendered, await kept.Content.ReadAsStringAsync());
        }
        Assert.Contains(("platform.cache.hits", true), seen);

        // The connection is now read on its socket's thread: a page with no copy yet is still
        // rendered on the pool, and so is a form whose body comes after its headers.
        Assert.Contains("두 번째 걸음", await client.GetStringAsync("/courses/demo/second"), StringComparison.Ordinal);
        // (Its antiforgery check reads the form, then refuses it: it carries no token.)
        using var late = new StreamContent(new LateStream("description=늦게 오는 본문"u8.ToArray()));
        late.Headers.ContentType = new("application/x-www-form-urlencoded");
        var refused = await client.PostAsync("/report", late);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(rendered, await client.GetStringAsync("/courses/demo/third"));

        var misses = seen.Where(m => m.Counter == "platform.cache.misses").ToList();
        Assert.True(misses.Count >= 2, $"Expected the two rendered pages among the misses, saw {misses.Count}.");
        Assert.All(misses, m => Assert.False(m.SocketThread, "A page was rendered on a socket thread."));
    }

    [Fact]
    public async Task Code_that_resumes_after_a_socket_thread_completes_its_wait_resumes_on_the_pool()
    {
        var wait = new TaskCompletionSource();
        var where = new ConcurrentQueue<string>();
        var next = new RequestDelegate(async _ =>
        {
            where.Enqueue(Thread.CurrentThread.IsThreadPoolThread ? "pool" : "other");
            await wait.Task;
            where.Enqueue(Thread.CurrentThread.IsThreadPoolThread ? "pool" : "other");
            await Task.Yield();
            where.Enqueue(Thread.CurrentThread.IsThreadPoolThread ? "pool" : "other");
        });

        // Started on a thread that is not the pool's, as a request read on a socket thread, and the
        // wait completed on another such thread, as a request body is.
        Task run = Task.CompletedTask;
        var reader = new Thread(() => run = new SocketThreads(enabled: true).RunOnPoolAsync(new DefaultHttpContext(), next));
        reader.Start();
        reader.Join();
        var completer = new Thread(() => wait.SetResult());
        completer.Start();
        completer.Join();
        await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(["pool", "pool", "pool"], where);
    }

    [Fact]
    public async Task A_continuation_posted_from_a_pool_thread_runs_there_at_once_and_one_from_another_thread_goes_to_the_pool()
    {
        // The context a request's code runs under, as that code sees it.
        var captured = new TaskCompletionSource<SynchronizationContext>(TaskCreationOptions.RunContinuationsAsynchronously);
        await new SocketThreads(enabled: true).RunOnPoolAsync(new DefaultHttpContext(), _ =>
        {
            captured.SetResult(SynchronizationContext.Current!);
            return Task.CompletedTask;
        }).WaitAsync(TimeSpan.FromSeconds(10));
        var context = await captured.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // As a database reply completes a request's wait: on a pool thread, outside the context.
        var fromPool = await Task.Run(() => PostAndWatch(context));
        Assert.True(fromPool.RanOnPool);
        Assert.Equal(fromPool.PostedOn, fromPool.RanOn);
        Assert.False(fromPool.RanAfterPostReturned, "A continuation posted from a pool thread was queued instead of run there.");

        // As a socket thread completes one: handed to the pool.
        (int PostedOn, int RanOn, bool RanOnPool, bool RanAfterPostReturned) fromOther = default;
        var other = new Thread(() => fromOther = PostAndWatch(context));
        other.Start();
        other.Join();
        Assert.True(fromOther.RanOnPool);
        Assert.NotEqual(fromOther.PostedOn, fromOther.RanOn);
    }

    /// Posts to <paramref name="context"/> and waits for the callback: where and when it ran.
    private static (int PostedOn, int RanOn, bool RanOnPool, bool RanAfterPostReturned) PostAndWatch(SynchronizationContext context)
    {
        var returned = false;
        var ran = new TaskCompletionSource<(int Thread, bool Pool, bool AfterReturn)>(TaskCreationOptions.RunContinuationsAsynchronously);
        context.Post(_ => ran.SetResult((Environment.CurrentManagedThreadId, Thread.CurrentThread.IsThreadPoolThread, Volatile.Read(ref returned))), null);
        Volatile.Write(ref returned, true);
        var (thread, pool, afterReturn) = ran.Task.WaitAsync(TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
        return (Environment.CurrentManagedThreadId, thread, pool, afterReturn);
    }

    [Fact]
    public void Kestrel_is_asked_to_run_requests_inline_only_while_the_mode_is_on()
    {
        Assert.True(site.Services.GetRequiredService<IOptions<SocketTransportOptions>>().Value.UnsafePreferInlineScheduling);
        Assert.True(site.Services.GetRequiredService<SocketThreads>().Enabled);

        using var off = site.WithWebHostBuilder(b => b.UseSetting(SocketThreads.Key, "false").UseSetting("Platform:ImportContentOnStart", "false"));
        Assert.False(off.Services.GetRequiredService<IOptions<SocketTransportOptions>>().Value.UnsafePreferInlineScheduling);
        Assert.False(off.Services.GetRequiredService<SocketThreads>().Enabled);
    }

    /// Its first bytes at once, the rest a moment later: the server reads the body in two waits.
    private sealed class LateStream(byte[] body) : Stream
    {
        private int _position;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_position == 0)
            {
                buffer.Span[0] = body[0];
                _position = 1;
                return 1;
            }
            await Task.Delay(200, cancellationToken);
            var count = Math.Min(buffer.Length, body.Length - _position);
            body.AsSpan(_position, count).CopyTo(buffer.Span);
            _position += count;
            return count;
        }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// The app on a real Kestrel port with two lessons.
    public sealed class Site : PlatformFactory
    {
        private readonly ContentFolder _content = new();

        public string BaseUrl { get; private set; } = "";

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            _content.Course("demo", "데모 강좌", ("basics", "기초"));
            _content.Lesson("demo", "basics", "second", 1, title: "두 번째 걸음", minutes: 5, tags: ["beta"]);
            _content.Lesson("demo", "basics", "third", 2, title: "세 번째 걸음", minutes: 9, tags: ["gamma"]);
            BaseUrl = StartOnKestrel();
            _content.Dispose();
        }

        protected override IEnumerable<(string Key, string Value)> Settings() =>
        [
            ("Platform:ImportContentOnStart", "true"),
            ("Platform:ContentPath", _content.Root),
        ];
    }
}
