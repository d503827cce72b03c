using System.Net;
using Npgsql;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Hosting;

/// Two app processes on one database behind a real nginx, balanced round-robin: what a school
/// runs once one instance is not enough. Everything goes through nginx, as a browser's requests would.
public sealed class TwoInstancesBehindNginxTests
{
    private const int SignInLimit = 9;
    private const string Password = "a long enough password";

    [Fact]
    public async Task Two_instances_share_sign_in_limits_and_mail_and_one_can_stop_mid_run_without_losing_a_request_or_a_mail()
    {
        await using var mail = await ProcessMail.StartAsync();
        var settings = mail.Settings(batchSize: 5)
            .Concat([("RateLimits:SignIn:PermitLimit", SignInLimit.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("RateLimits:SignIn:Window", "01:00:00")])
            .ToList();
        await using var first = AppProcess.Start(mail.ConnectionString, settings);
        await using var second = AppProcess.Start(mail.ConnectionString, settings);
        await Task.WhenAll(first.WaitReadyAsync(), second.WaitReadyAsync());
        await using var nginx = await NginxProxy.StartAsync(first.Port, second.Port);
        var upstreams = new[] { $"127.0.0.1:{first.Port}", $"127.0.0.1:{second.Port}" };

        // Round-robin: both instances answer.
        using var visitor = ProxyBrowser.Create(nginx.BaseAddress);
        var answeredBy = new HashSet<string>();
        for (var i = 0; i < 6; i++)
        {
            using var page = await visitor.GetAsync("/courses/ops/first");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            answeredBy.Add(Upstream(page));
        }
        Assert.Equal(upstreams.Order(), answeredBy.Order());

        // Four registrations (sign-in attempts 1-4 of this client): each form is fetched from one
        // instance and posted to the other, so antiforgery and cookies work across them.
        var learners = Enumerable.Range(1, 4).Select(i => $"learner{i}@example.com").ToList();
        var browsers = learners.Select(_ => ProxyBrowser.Create(nginx.BaseAddress)).ToList();
        for (var i = 0; i < learners.Count; i++)
        {
            var registered = await browsers[i].SubmitFormAsync("/Identity/Account/Register", "form#register", new Dictionary<string, string>
            {
                ["Input.Email"] = learners[i],
                ["Input.DisplayName"] = $"학습자{i + 1}",
                ["Input.Password"] = Password,
                ["Input.ConfirmPassword"] = Password,
            });
            Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        }

        // Sign in on one (attempt 5), then every page, whichever instance renders it, knows who it is.
        using var learner = ProxyBrowser.Create(nginx.BaseAddress);
        var signedIn = await learner.SubmitFormAsync("/Identity/Account/Login", "form#account",
            new Dictionary<string, string> { ["Input.Email"] = learners[0], ["Input.Password"] = Password });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        answeredBy.Clear();
        for (var i = 0; i < 4; i++)
        {
            using var me = await learner.GetAsync("/me");
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
            Assert.Contains("학습자1", await me.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            answeredBy.Add(Upstream(me));
        }
        Assert.Equal(2, answeredBy.Count);

        // A comment posted through nginx is on the OTHER instance's cached visitor page within 2 s:
        // the posting instance drops its own copy, PostgreSQL NOTIFY tells the other one.
        await using (var connection = new NpgsqlConnection(mail.ConnectionString))
        {
            await connection.OpenAsync();
            await using var confirm = new NpgsqlCommand("UPDATE users SET email_confirmed = true WHERE normalized_email = upper($1)", connection);
            confirm.Parameters.AddWithValue(learners[0]);
            Assert.Equal(1, await confirm.ExecuteNonQueryAsync());
        }
        // Both instances kept the learner's state (unconfirmed) while serving /me above. The
        // confirmation, written straight to the database, reaches both copies within moments through
        // the database's announcement: each instance then offers the comment form.
        var confirmedOn = new HashSet<string>();
        var confirmedBy = DateTime.UtcNow + TimeSpan.FromSeconds(2);
        while (confirmedOn.Count < 2 && DateTime.UtcNow < confirmedBy)
        {
            using var page = await learner.GetAsync("/courses/ops/first");
            if ((await page.Content.ReadAsStringAsync()).Contains("id=\"comment-form\"", StringComparison.Ordinal))
            {
                confirmedOn.Add(Upstream(page));
            }
            else
            {
                await Task.Delay(50);
            }
        }
        Assert.True(confirmedOn.Count == 2, $"Only {string.Join(", ", confirmedOn)} showed the confirmed learner the comment form within 2 s.");
        var instances = new[] { first, second }.ToDictionary(p => $"127.0.0.1:{p.Port}");
        foreach (var instance in instances.Values)
        {
            using var direct = new HttpClient { BaseAddress = instance.BaseAddress };
            Assert.Contains("<html", await direct.GetStringAsync("/courses/ops/first"), StringComparison.Ordinal);
        }
        var text = $"두 인스턴스 사이의 댓글 {Guid.NewGuid():N}";
        var posted = await learner.SubmitFormAsync("/courses/ops/first", "form#comment-form", new Dictionary<string, string> { ["Input.Body"] = text });
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var other = instances.Single(i => i.Key != Upstream(posted)).Value;
        using (var otherVisitor = new HttpClient { BaseAddress = other.BaseAddress })
        {
            var seen = false;
            var until = DateTime.UtcNow + TimeSpan.FromSeconds(2);
            while (!seen && DateTime.UtcNow < until)
            {
                seen = (await otherVisitor.GetStringAsync("/courses/ops/first")).Contains(text, StringComparison.Ordinal);
                if (!seen)
                {
                    await Task.Delay(100);
                }
            }
            Assert.True(seen, $"The comment posted through {Upstream(posted)} was not on {other.BaseAddress}'s visitor page within 2 s.");
        }

        // The sign-in limit counts attempts 6..9 on both instances and refuses the tenth, whichever
        // answers. (Each attempt is a GET of the form and its POST; a GET between attempts makes
        // round-robin send consecutive POSTs to different instances.)
        var guess = new Dictionary<string, string> { ["Input.Email"] = "nobody@example.com", ["Input.Password"] = "guessing" };
        answeredBy.Clear();
        for (var attempt = 6; attempt <= SignInLimit; attempt++)
        {
            (await visitor.GetAsync("/healthz/live")).Dispose();
            var allowed = await visitor.SubmitFormAsync("/Identity/Account/Login", "form#account", guess);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
            answeredBy.Add(Upstream(allowed));
        }
        Assert.Equal(2, answeredBy.Count);
        answeredBy.Clear();
        for (var i = 0; i < 2; i++)
        {
            (await visitor.GetAsync("/healthz/live")).Dispose();
            var refused = await visitor.SubmitFormAsync("/Identity/Account/Login", "form#account", guess);
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            answeredBy.Add(Upstream(refused));
        }
        Assert.Equal(2, answeredBy.Count);

        // Mail queued through both instances, and a burst both dispatchers compete for: each once.
        var burst = await mail.QueueAsync("burst", 30);
        var sent = await WaitForSentAsync(mail, learners.Count + burst.Count);
        Assert.All(sent.Values, row => Assert.Equal(1, row.Attempts));
        foreach (var address in learners)
        {
            Assert.Single(mail.Smtp.MessagesTo(address));
        }

        // One instance stops (SIGTERM, as in an upgrade) while visitors keep reading and mail keeps
        // coming: nginx retries what the stopping instance refuses, and the other sends everything.
        var late = await mail.QueueAsync("late", 20);
        var reading = Task.Run(async () =>
        {
            var statuses = new List<HttpStatusCode>();
            using var reader = ProxyBrowser.Create(nginx.BaseAddress);
            for (var i = 0; i < 60; i++)
            {
                using var page = await reader.GetAsync(i % 2 == 0 ? "/courses/ops/first" : "/");
                statuses.Add(page.StatusCode);
            }
            return statuses;
        });
        first.Terminate();
        Assert.Equal(0, await first.WaitForExitAsync(TimeSpan.FromMinutes(1)));
        var statuses = await reading;
        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
        using (var after = await visitor.GetAsync("/courses/ops/first"))
        {
            Assert.Equal(HttpStatusCode.OK, after.StatusCode);
            Assert.Equal(upstreams[1], Upstream(after).Split(", ")[^1]);
        }

        sent = await WaitForSentAsync(mail, learners.Count + burst.Count + late.Count);
        var received = mail.ReceivedByMessageId();
        Assert.Equal(sent.Values.Select(r => r.MessageId).Order(), received.Keys.Order());
        Assert.All(received.Values, copies => Assert.Single(copies));
    }

    private static string Upstream(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-Upstream", out var values) ? values.Single() : throw new InvalidOperationException("No X-Upstream header.");

    private static async Task<Dictionary<string, OutboxRow>> WaitForSentAsync(ProcessMail mail, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            var rows = await mail.OutboxAsync();
            if (rows.Count == count && rows.Values.All(r => r.Status == "sent"))
            {
                return rows;
            }
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Expected {count} sent messages: " + string.Join("; ", rows.Select(r => $"{r.Key}={r.Value.Status}")));
            }
            await Task.Delay(200);
        }
    }
}
