using System.Net;
using Microsoft.EntityFrameworkCore;
using Platform.Tests.Infrastructure;
using Platform.Tests.Lessons;
using Platform.DevTools;
using Platform.Web.Infrastructure.Data;

namespace Platform.Tests.Security;

/// PostgreSQL stops under a running app and comes back. The app runs on a private cluster of its
/// own, so stopping it leaves every other test class alone.
public sealed class DatabaseOutageTests(DatabaseOutageTests.Factory factory) : IClassFixture<DatabaseOutageTests.Factory>
{
    public sealed class Factory : PlatformFactory
    {
        private readonly string _directory = Path.Combine(Path.GetTempPath(), "platform-outage-" + Guid.NewGuid().ToString("N")[..12]);

        public ContentFolder Content { get; } = new();

        public PrivatePostgres Cluster { get; private set; } = null!;

        public override async Task InitializeAsync()
        {
            Content.Course("demo", "데모 강좌", ("basics", "기초"));
            Content.Lesson("demo", "basics", "intro", 1, title: "시작하기");
            Content.Lesson("demo", "basics", "second", 2, title: "두 번째 걸음");
            // Not a throwaway cluster: the test stops it as a crash would (immediate), and only synchronous
            // commits are sure to survive a crash. (Asynchronous ones lost the imported lessons.)
            Cluster = await PrivatePostgres.StartAsync(_directory, throwaway: false);
            await Cluster.EnsureDatabaseAsync("platform");
            var connectionString = Cluster.ConnectionString("platform");
            await using (var db = Platform.Migrations.MigrationsDbContextFactory.Create(connectionString))
            {
                await db.Database.MigrateAsync();
            }
            await SetConnectionStringAsync(connectionString);
            _ = Services;
        }

        protected override IEnumerable<(string Key, string Value)> Settings() =>
        [
            ("Platform:ImportContentOnStart", "true"),
            ("Platform:ContentPath", Content.Root),
            ("Outbox:Enabled", "false"),
        ];

        public Task StopDatabaseAsync() => Cluster.StopAsync();

        public async Task StartDatabaseAsync() => Cluster = await PrivatePostgres.StartAsync(_directory, throwaway: false);

        protected override async ValueTask OnDisposedAsync()
        {
            await Cluster.StopAsync();
            Content.Dispose();
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task With_PostgreSQL_down_pages_answer_503_cached_lessons_still_serve_and_the_app_recovers_by_itself()
    {
        var email = $"outage-{Guid.NewGuid():N}@example.com";
        await factory.CreateUserAsync(email);
        using var learner = await factory.SignedInClientAsync(email);
        using var visitor = factory.CreateBrowser();
        // Warm the page cache with the lesson page a visitor reads.
        var cached = await visitor.GetStringAsync("/courses/demo/intro");
        Assert.Contains("시작하기", cached, StringComparison.Ordinal);

        await factory.StopDatabaseAsync();
        try
        {
            Assert.Equal(cached, await visitor.GetStringAsync("/courses/demo/intro"));
            // The catalog a visitor reads is held in memory by the read model: it still serves.
            Assert.Contains("데모 강좌", await visitor.GetStringAsync("/"), StringComparison.Ordinal);
            foreach (var (client, url) in new[] { (visitor, "/courses/demo/second"), (learner, "/me"), (learner, "/courses/demo/intro") })
            {
                var response = await client.GetAsync(url);
                Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{url}: {(int)response.StatusCode}");
                Assert.Equal(TimeSpan.FromSeconds(DatabaseOutage.RetryAfterSeconds), response.Headers.RetryAfter!.Delta);
                Assert.Contains("잠시 서비스를 이용할 수 없어요", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
            var health = await visitor.GetAsync("/healthz");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        }
        finally
        {
            await factory.StartDatabaseAsync();
        }

        // Back without a restart: the first requests may still meet a broken pooled connection. The
        // learner's session outlives the outage (a failed check answers 503, it does not sign out).
        var last = "";
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var health = await visitor.GetAsync("/healthz");
            var page = await visitor.GetAsync("/courses/demo/second");
            var me = await learner.GetAsync("/me");
            last = $"/healthz {(int)health.StatusCode}, /courses/demo/second {(int)page.StatusCode}, /me {(int)me.StatusCode}";
            if (health.StatusCode == HttpStatusCode.OK && page.StatusCode == HttpStatusCode.OK && me.StatusCode == HttpStatusCode.OK)
            {
                return;
            }
            await Task.Delay(200);
        }
        Assert.Fail($"The app did not recover after PostgreSQL came back; last answers: {last}");
    }
}
