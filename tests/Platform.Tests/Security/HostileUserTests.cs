using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Tests.Admin;
using Platform.Tests.Infrastructure;
using Platform.Web.Features.Account;
using Platform.Web.Features.Comments;
using Platform.Web.Features.Mail;
using Platform.Web.Infrastructure.Security;

namespace Platform.Tests.Security;

/// The attacks of issue 11, played through the real pages, database and loopback SMTP: each test
/// fails if its attack works.
public sealed class HostileUserTests(HostileUserTests.Factory factory) : IClassFixture<HostileUserTests.Factory>
{
    public const string OwnerAddress = "owner-admin@example.com";
    public const string ChangedAddress = "changed-admin@example.com";

    public sealed class Factory : AdminFactory
    {
        protected override IEnumerable<(string Key, string Value)> Settings() =>
        [
            .. base.Settings(),
            ("Platform:Admins:0", OwnerAddress),
            ("Platform:Admins:1", ChangedAddress),
            ("Comments:FlagsPerHour", "4"),
            ("Mail:PerAccountPerHour", "3"),
            ("Mail:PerAddressPerHour", "3"),
        ];
    }

    private const string AttackerPassword = "attacker knows this one";
    private const string OwnerPassword = "owner chose this one";

    [Fact]
    public async Task Pre_registering_a_configured_admin_address_gives_the_attacker_nothing()
    {
        using var attacker = factory.CreateBrowser();
        var registered = await attacker.SubmitFormAsync("/Identity/Account/Register", "form#register", new Dictionary<string, string>
        {
            ["Input.Email"] = OwnerAddress,
            ["Input.DisplayName"] = "가짜 관리자",
            ["Input.Password"] = AttackerPassword,
            ["Input.ConfirmPassword"] = AttackerPassword,
        });
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        // Not signed in by registering, and no sign-in before the owner confirms.
        Assert.Equal(HttpStatusCode.Redirect, (await attacker.GetAsync("/me")).StatusCode);
        Assert.False(await SignsInAsync(OwnerAddress, AttackerPassword));

        // The real owner asks for the confirmation mail again and follows it.
        using var owner = factory.CreateBrowser();
        await owner.SubmitFormAsync("/Identity/Account/ResendEmailConfirmation", "form#resend-confirmation",
            new Dictionary<string, string> { ["Input.Email"] = OwnerAddress });
        var mail = await LatestMailToAsync(OwnerAddress, "/Identity/Account/ConfirmEmail");
        var confirmed = await owner.GetAsync(mail);
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        var setPassword = confirmed.Headers.Location!.OriginalString;
        Assert.Contains("/Identity/Account/ResetPassword", setPassword, StringComparison.Ordinal);

        // The attacker's password is gone: the account is Admin now, and no one can use it yet.
        Assert.False(await SignsInAsync(OwnerAddress, AttackerPassword));
        var reset = await owner.SubmitFormAsync(setPassword, "form#reset-password", new Dictionary<string, string>
        {
            ["Input.Password"] = OwnerPassword,
            ["Input.ConfirmPassword"] = OwnerPassword,
        });
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        Assert.False(await SignsInAsync(OwnerAddress, AttackerPassword));
        using var admin = await factory.SignedInClientAsync(OwnerAddress, OwnerPassword);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin")).StatusCode);
    }

    [Fact]
    public async Task Changing_an_account_to_a_configured_admin_address_does_not_make_the_changer_admin()
    {
        var attackerEmail = $"changer-{Guid.NewGuid():N}@example.com";
        await factory.CreateUserAsync(attackerEmail);
        using var attacker = await factory.SignedInClientAsync(attackerEmail);
        var asked = await attacker.SubmitFormAsync("/Identity/Account/Manage/Email", "form#change-email",
            new Dictionary<string, string> { ["Input.NewEmail"] = ChangedAddress });
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);

        // The owner of the address, in another browser, follows the link.
        using var owner = factory.CreateBrowser();
        var followed = await owner.GetAsync(await LatestMailToAsync(ChangedAddress, "/Identity/Account/ConfirmEmailChange"));
        Assert.Equal(HttpStatusCode.Redirect, followed.StatusCode);
        Assert.Contains("/Identity/Account/ResetPassword", followed.Headers.Location!.OriginalString, StringComparison.Ordinal);

        // The changer's session and password are gone with the change.
        Assert.NotEqual(HttpStatusCode.OK, (await attacker.GetAsync("/admin")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await attacker.GetAsync("/me")).StatusCode);
        Assert.False(await SignsInAsync(ChangedAddress, TestUsers.Password));
    }

    [Fact]
    public async Task Throwaway_accounts_cannot_hide_a_comment_but_admins_see_their_flags()
    {
        var id = await factory.SeedCommentAsync("누군가 숨기고 싶은 댓글");

        // Unconfirmed accounts cannot flag at all.
        var unconfirmed = $"unconfirmed-{Guid.NewGuid():N}@example.com";
        await factory.CreateUserAsync(unconfirmed, confirmed: false);
        using (var client = await factory.SignedInClientAsync(unconfirmed))
        {
            var refused = await FlagAsync(client, id);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains("이메일 주소를 확인한 계정만", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // Three fresh confirmed accounts flag: counted, shown to admins, but nothing is hidden.
        for (var i = 0; i < CommentModeration.FlagsToHide; i++)
        {
            var (client, _) = await factory.LearnerAsync();
            using (client)
            {
                Assert.Equal(HttpStatusCode.OK, (await FlagAsync(client, id)).StatusCode);
            }
        }
        Assert.Null((await factory.CommentAsync(id)).HiddenAt);
        using (var visitor = factory.Visitor())
        {
            Assert.Contains("누군가 숨기고 싶은 댓글", await visitor.GetStringAsync("/courses/demo/intro"), StringComparison.Ordinal);
        }
        using var admin = await factory.AdminAsync();
        var queue = await admin.GetDocumentAsync("/admin/comments");
        Assert.NotNull(queue.QuerySelector($"#queued-{id}"));

        // Three accounts with standing (a day old, a completed lesson) do hide it.
        for (var i = 0; i < CommentModeration.FlagsToHide; i++)
        {
            var (client, userId) = await factory.LearnerAsync();
            await factory.GiveStandingAsync(userId);
            using (client)
            {
                Assert.Equal(HttpStatusCode.OK, (await FlagAsync(client, id)).StatusCode);
            }
        }
        Assert.NotNull((await factory.CommentAsync(id)).HiddenAt);
    }

    [Fact]
    public async Task A_learner_flags_at_most_the_hourly_limit()
    {
        var (client, _) = await factory.LearnerAsync();
        using (client)
        {
            for (var i = 0; i < 4; i++)
            {
                Assert.Equal(HttpStatusCode.OK, (await FlagAsync(client, await factory.SeedCommentAsync($"댓글 {i}"))).StatusCode);
            }
            var fifth = await FlagAsync(client, await factory.SeedCommentAsync("다섯째"));
            Assert.Equal(HttpStatusCode.TooManyRequests, fifth.StatusCode);
            Assert.Contains("신고할 수 있는 횟수", await fifth.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_revoked_admin_loses_the_admin_area_on_the_next_request_and_cannot_regrant()
    {
        var email = $"revoked-{Guid.NewGuid():N}@example.com";
        var target = await factory.CreateUserAsync(email, admin: true);
        using var revoked = await factory.SignedInClientAsync(email);
        Assert.Equal(HttpStatusCode.OK, (await revoked.GetAsync("/admin")).StatusCode);

        using var other = await factory.AdminAsync();
        var done = await other.PostFormAsync($"/admin/users/{target.Id}?handler=RevokeAdmin", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);

        var next = await revoked.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.Redirect, next.StatusCode);
        Assert.Contains("/Identity/Account/Login", next.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var regrant = await revoked.PostFormAsync($"/admin/users/{target.Id}?handler=GrantAdmin", new Dictionary<string, string>());
        Assert.NotEqual(HttpStatusCode.OK, regrant.StatusCode);
        Assert.DoesNotContain("/admin", regrant.Headers.Location?.OriginalString.Split('?')[0] ?? "", StringComparison.Ordinal);
        Assert.False(await IsAdminAsync(target.Id));
    }

    [Fact]
    public async Task A_blocked_learner_is_refused_on_the_next_request_everywhere()
    {
        var email = $"blocked-{Guid.NewGuid():N}@example.com";
        var target = await factory.CreateUserAsync(email, displayName: "차단 전 이름");
        using var learner = await factory.SignedInClientAsync(email);
        var token = (await learner.GetFromJsonAsync<TokenResponse>("/api/antiforgery"))!.Token;
        Assert.Equal(HttpStatusCode.OK, (await learner.GetAsync("/me")).StatusCode);

        using var admin = await factory.AdminAsync();
        var blocked = await admin.PostFormAsync($"/admin/users/{target.Id}?handler=Block", new Dictionary<string, string>
        {
            ["Block.Until"] = DateTime.UtcNow.AddDays(10).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["Block.Reason"] = "스팸",
        });
        Assert.Equal(HttpStatusCode.Redirect, blocked.StatusCode);

        // Every kind of write with the old cookie: the name, progress, a flag; none goes through.
        var rename = await learner.PostAsync("/Identity/Account/Manage", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "차단 후 이름",
            ["__RequestVerificationToken"] = token,
        }));
        Assert.NotEqual(HttpStatusCode.OK, rename.StatusCode);
        using var complete = new HttpRequestMessage(HttpMethod.Post, "/api/progress/complete")
        {
            Content = new StringContent("{\"lesson\":\"demo/intro\"}", Encoding.UTF8, "application/json"),
        };
        complete.Headers.Add(JsonAntiforgery.HeaderName, token);
        Assert.True((int)(await learner.SendAsync(complete)).StatusCode is 400 or 401 or 403 or 302);
        Assert.Equal(HttpStatusCode.Redirect, (await learner.GetAsync("/me")).StatusCode);
        Assert.False(await SignsInAsync(email, TestUsers.Password));

        await using var db = factory.CreateDbContext();
        Assert.Equal("차단 전 이름", await db.Users.Where(u => u.Id == target.Id).Select(u => u.DisplayName).SingleAsync());
        Assert.False(await db.Set<Platform.Web.Features.Progress.LessonCompletion>().AnyAsync(c => c.UserId == target.Id));
    }

    [Fact]
    public async Task An_admin_cannot_change_their_own_role_or_block()
    {
        var email = $"self-{Guid.NewGuid():N}@example.com";
        var self = await factory.CreateUserAsync(email, admin: true);
        using var admin = await factory.SignedInClientAsync(email);
        foreach (var handler in new[] { "RevokeAdmin", "GrantAdmin", "Unblock" })
        {
            var response = await admin.PostFormAsync($"/admin/users/{self.Id}?handler={handler}", new Dictionary<string, string>());
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
        var block = await admin.PostFormAsync($"/admin/users/{self.Id}?handler=Block", new Dictionary<string, string>
        {
            ["Block.Until"] = DateTime.UtcNow.AddDays(10).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["Block.Reason"] = "나 자신",
        });
        Assert.Equal(HttpStatusCode.BadRequest, block.StatusCode);
        Assert.True(await IsAdminAsync(self.Id));
    }

    [Fact]
    public async Task Account_mail_stops_at_the_per_account_and_per_address_limits()
    {
        // Per account: the fourth resend in an hour sends nothing, though the page answers the same.
        var email = $"resend-{Guid.NewGuid():N}@example.com";
        await factory.CreateUserAsync(email, confirmed: false);
        using var visitor = factory.CreateBrowser();
        for (var i = 0; i < 5; i++)
        {
            var response = await visitor.SubmitFormAsync("/Identity/Account/ResendEmailConfirmation", "form#resend-confirmation",
                new Dictionary<string, string> { ["Input.Email"] = email });
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            await visitor.SubmitFormAsync("/Identity/Account/ForgotPassword", "form#forgot-password",
                new Dictionary<string, string> { ["Input.Email"] = email });
        }
        Assert.Equal(3, await OutboxRowsToAsync(email));
        await factory.Smtp.WaitForMessageToAsync(email);

        // Per address: three accounts each ask to move to one victim address; it gets three mails at most.
        var victim = $"victim-{Guid.NewGuid():N}@example.com";
        for (var i = 0; i < 4; i++)
        {
            var changer = $"changer-{Guid.NewGuid():N}@example.com";
            await factory.CreateUserAsync(changer);
            using var client = await factory.SignedInClientAsync(changer);
            var response = await client.SubmitFormAsync("/Identity/Account/Manage/Email", "form#change-email",
                new Dictionary<string, string> { ["Input.NewEmail"] = victim });
            Assert.True(i < 3 ? response.StatusCode == HttpStatusCode.Redirect : response.StatusCode == HttpStatusCode.TooManyRequests);
        }
        Assert.Equal(3, await OutboxRowsToAsync(victim));
    }

    [Fact]
    public async Task The_e_mail_change_form_answers_the_same_for_a_registered_address()
    {
        var taken = $"taken-{Guid.NewGuid():N}@example.com";
        await factory.CreateUserAsync(taken);
        var (client, _) = await factory.LearnerAsync();
        using (client)
        {
            var free = await client.SubmitFormAsync("/Identity/Account/Manage/Email", "form#change-email",
                new Dictionary<string, string> { ["Input.NewEmail"] = $"free-{Guid.NewGuid():N}@example.com" });
            var freePage = await (await client.GetAsync(free.Headers.Location!.OriginalString)).Content.ReadAsStringAsync();
            var registered = await client.SubmitFormAsync("/Identity/Account/Manage/Email", "form#change-email",
                new Dictionary<string, string> { ["Input.NewEmail"] = taken });
            Assert.Equal(free.StatusCode, registered.StatusCode);
            var registeredPage = await (await client.GetAsync(registered.Headers.Location!.OriginalString)).Content.ReadAsStringAsync();
            Assert.DoesNotContain("이미 가입", registeredPage, StringComparison.Ordinal);
            Assert.Contains("새 주소로 확인 메일을 보냈어요", registeredPage, StringComparison.Ordinal);
            Assert.Contains("새 주소로 확인 메일을 보냈어요", freePage, StringComparison.Ordinal);
        }
        Assert.Equal(0, await OutboxRowsToAsync(taken));
    }

    [Fact]
    public async Task Oversized_bodies_get_413_before_they_are_read()
    {
        var (client, _) = await factory.LearnerAsync();
        using (client)
        {
            var token = (await client.GetFromJsonAsync<TokenResponse>("/api/antiforgery"))!.Token;
            var items = string.Join(",", Enumerable.Range(0, 20_000).Select(i => $"{{\"lesson\":\"demo/intro\",\"completedAt\":\"2026-01-01T00:00:00Z\"}}"));
            using var merge = new HttpRequestMessage(HttpMethod.Post, "/api/progress/merge")
            {
                Content = new StringContent($"{{\"completions\":[{items}]}}", Encoding.UTF8, "application/json"),
            };
            merge.Headers.Add(JsonAntiforgery.HeaderName, token);
            var response = await client.SendAsync(merge);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            Assert.Contains("너무 커요", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

            // A small form (the display name) has a small ceiling; a comment's is sized to 4,000 characters.
            var name = await client.PostAsync("/Identity/Account/Manage", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.DisplayName"] = new string('가', 10_000),
                ["__RequestVerificationToken"] = token,
            }));
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, name.StatusCode);
            Assert.Contains("보낸 내용이 너무 커요", await name.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            var comment = await CommentsOnIntroAsync(client, new string('가', Comment.MaxLength));
            Assert.NotEqual(HttpStatusCode.RequestEntityTooLarge, comment.StatusCode);
        }
    }

    private async Task<HttpResponseMessage> CommentsOnIntroAsync(HttpClient client, string body) =>
        await client.SubmitFormAsync("/courses/demo/intro", "#comment-form", new Dictionary<string, string> { ["Input.Body"] = body });

    private static Task<HttpResponseMessage> FlagAsync(HttpClient client, long id) =>
        client.PostFormAsync($"/comments/{id}/flag", new Dictionary<string, string> { ["Input.Reason"] = "스팸·광고" });

    private async Task<bool> SignsInAsync(string email, string password)
    {
        using var client = factory.CreateBrowser();
        var response = await client.SubmitFormAsync("/Identity/Account/Login", "form#account", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        return response.StatusCode == HttpStatusCode.Redirect && !response.Headers.Location!.OriginalString.Contains("Lockout", StringComparison.Ordinal);
    }

    private async Task<string> LatestMailToAsync(string address, string path)
    {
        var message = await factory.Smtp.WaitForMessageToAsync(address);
        return message.LinkTo(path);
    }

    private async Task<int> OutboxRowsToAsync(string address)
    {
        await using var db = factory.CreateDbContext();
        return await db.Set<OutboxMessage>().CountAsync(m => m.To == address);
    }

    private Task<bool> IsAdminAsync(string userId) => factory.WithScopeAsync(async services =>
    {
        var users = services.GetRequiredService<UserManager<User>>();
        return await users.IsInRoleAsync((await users.FindByIdAsync(userId))!, AdminRoles.Role);
    });

    private sealed record TokenResponse(string Token);
}
