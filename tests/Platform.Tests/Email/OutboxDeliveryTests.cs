using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Tests.Infrastructure;
using Platform.Web.Infrastructure.Data;
using Platform.Web.Features.Mail;

namespace Platform.Tests.Email;

public sealed class OutboxDeliveryTests(MailFactory factory) : IClassFixture<MailFactory>
{
    [Fact]
    public async Task Mail_queued_while_the_smtp_server_refuses_is_delivered_once_it_is_back_exactly_once_each()
    {
        await factory.Smtp.StopAsync();
        try
        {
            var keys = Enumerable.Range(1, 5).Select(i => $"down-{i}").ToList();
            await factory.QueueAsync(keys.Select(k => MailFactory.TestMail(k, $"{k}@example.com")).ToArray());
            // Every one has been tried and refused at least twice, and is still waiting to go.
            await factory.WaitForOutboxAsync(rows => keys.All(k => rows.TryGetValue(k, out var r) && r.Attempts >= 2 && r.Status != "sent"));
        }
        finally
        {
            await factory.Smtp.StartAsync(CancellationToken.None);
        }

        await factory.Smtp.WaitForAsync(messages => messages.Count(m => (m.Subject ?? "").StartsWith("테스트 down-", StringComparison.Ordinal)) >= 5);
        var rows = await factory.WaitForOutboxAsync(r => r.Where(x => x.Key.StartsWith("down-", StringComparison.Ordinal)).All(x => x.Value.Status == "sent"));
        Assert.Equal(5, rows.Count(r => r.Key.StartsWith("down-", StringComparison.Ordinal)));
        var delivered = factory.Smtp.Messages.Where(m => (m.Subject ?? "").StartsWith("테스트 down-", StringComparison.Ordinal)).ToList();
        Assert.Equal(5, delivered.Count);
        Assert.Equal(5, delivered.Select(m => m.MessageId).Distinct().Count());
    }

    [Fact]
    public async Task Two_dispatchers_on_one_database_deliver_200_messages_exactly_once_each()
    {
        _ = factory.Services;
        await using var second = await AppInstance.StartAsync(factory.ConnectionString,
            MailFactory.MailSettings(factory.Smtp.Port, [TimeSpan.FromMilliseconds(100)]));

        var keys = Enumerable.Range(1, 200).Select(i => $"crowd-{i:000}").ToList();
        await factory.QueueAsync(keys.Select(k => MailFactory.TestMail(k, "crowd@example.com")).ToArray());

        await factory.WaitForOutboxAsync(rows => keys.All(k => rows.TryGetValue(k, out var r) && r.Status == "sent"), TimeSpan.FromSeconds(90));
        var delivered = factory.Smtp.MessagesTo("crowd@example.com");
        Assert.Equal(200, delivered.Count);
        Assert.Equal(200, delivered.Select(m => m.MessageId).Distinct().Count());
        Assert.Equal(keys.Select(k => Outbox.MessageIdFor(k, "http://localhost:5080")).Order(), delivered.Select(m => m.MessageId).Order());
    }

    [Fact]
    public async Task A_transaction_that_rolls_back_queues_no_mail()
    {
        await factory.WithScopeAsync(async services =>
        {
            var db = services.GetRequiredService<PlatformDbContext>();
            var outbox = services.GetRequiredService<Outbox>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            outbox.Enqueue(db, MailFactory.TestMail("rolled-back", "rollback@example.com"));
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
            return true;
        });
        // Queued after the rolled-back one: once it has arrived, the other would have too.
        await factory.QueueAsync(MailFactory.TestMail("committed", "rollback@example.com"));

        var arrived = await factory.Smtp.WaitForMessageToAsync("rollback@example.com");
        Assert.Equal("테스트 committed", arrived.Subject);
        Assert.Single(factory.Smtp.MessagesTo("rollback@example.com"));
        Assert.DoesNotContain("rolled-back", (await factory.OutboxAsync()).Keys);
    }

    [Fact]
    public async Task The_same_dedupe_key_cannot_be_queued_twice()
    {
        await factory.QueueAsync(MailFactory.TestMail("only-once", "once@example.com"));
        var error = await Assert.ThrowsAsync<DbUpdateException>(() => factory.QueueAsync(MailFactory.TestMail("only-once", "once@example.com")));
        Assert.True(OutboxMessage.IsDuplicate(error));
        await factory.Smtp.WaitForMessageToAsync("once@example.com");
        Assert.Single(factory.Smtp.MessagesTo("once@example.com"));
    }

    [Fact]
    public async Task Mail_is_html_with_a_plain_text_alternative_and_a_deterministic_message_id()
    {
        await factory.QueueAsync(MailFactory.TestMail("shape", "shape@example.com") with
        {
            Body = MailBody.Compose("C.W.K. Stream", "제목", ["첫 문단 <b>굵게</b>"], "열기", "http://localhost:5080/x?a=1&b=2"),
            Headers = new Dictionary<string, string> { ["List-Unsubscribe"] = "<http://localhost:5080/unsubscribe>" },
        });
        var mail = await factory.Smtp.WaitForMessageToAsync("shape@example.com");
        Assert.Equal(Outbox.MessageIdFor("shape", "http://localhost:5080"), mail.MessageId);
        Assert.EndsWith("@localhost", mail.MessageId, StringComparison.Ordinal);
        Assert.Contains("첫 문단 &lt;b&gt;굵게&lt;/b&gt;", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("첫 문단 <b>굵게</b>", mail.TextBody, StringComparison.Ordinal);
        Assert.Equal("http://localhost:5080/x?a=1&b=2", mail.Links()[0]);
        Assert.Equal("<http://localhost:5080/unsubscribe>", mail.Headers["List-Unsubscribe"]);
        Assert.Contains("no-reply@localhost", mail.From.ToString(), StringComparison.Ordinal);
    }
}

public sealed class OutboxParkingTests(OutboxParkingTests.Factory factory) : IClassFixture<OutboxParkingTests.Factory>
{
    public sealed class Factory : MailFactory
    {
        protected override IReadOnlyList<TimeSpan> RetryDelays { get; } = [TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(50)];
    }

    [Fact]
    public async Task A_message_that_keeps_failing_is_parked_after_its_last_attempt_and_others_still_go_out()
    {
        factory.Smtp.Refuse("bounces@example.com");
        await factory.QueueAsync(
            MailFactory.TestMail("doomed", "bounces@example.com"),
            MailFactory.TestMail("fine-1", "fine@example.com"));

        var rows = await factory.WaitForOutboxAsync(r => r.TryGetValue("doomed", out var d) && d.Status == "parked");
        // One first attempt and three retries.
        Assert.Equal(4, rows["doomed"].Attempts);

        await factory.QueueAsync(MailFactory.TestMail("fine-2", "fine@example.com"));
        await factory.Smtp.WaitForAsync(m => factory.Smtp.MessagesTo("fine@example.com").Count == 2);
        Assert.Empty(factory.Smtp.MessagesTo("bounces@example.com"));
        rows = await factory.WaitForOutboxAsync(r => r["fine-2"].Status == "sent");
        Assert.Equal(("parked", 4), rows["doomed"]);
        Assert.Equal("sent", rows["fine-1"].Status);
    }
}

public sealed class OutboxScheduleTests
{
    [Fact]
    public void The_retry_schedule_is_1m_5m_30m_2h_12h_then_parked()
    {
        Assert.Equal(
            [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(12)],
            new OutboxOptions().RetrySchedule);
        Assert.Equal([TimeSpan.FromSeconds(3)], new OutboxOptions { RetryDelays = [TimeSpan.FromSeconds(3)] }.RetrySchedule);
    }

    [Fact]
    public void Message_ids_are_deterministic_per_dedupe_key_on_the_public_host()
    {
        var first = Outbox.MessageIdFor("reply-alert:1:2", "https://learn.example.com");
        Assert.Equal(first, Outbox.MessageIdFor("reply-alert:1:2", "https://learn.example.com"));
        Assert.NotEqual(first, Outbox.MessageIdFor("reply-alert:1:3", "https://learn.example.com"));
        Assert.EndsWith("@learn.example.com", first, StringComparison.Ordinal);
    }
}
