using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Admin;

public sealed class AdminUserTests(AdminFactory factory) : IClassFixture<AdminFactory>
{
    [Fact]
    public async Task A_blocked_user_cannot_sign_in_and_is_shown_the_reason_until_unblocked()
    {
        var user = await factory.CreateUserAsync("blocked@example.com");
        using var admin = await factory.AdminAsync();
        var until = DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var blocked = await admin.SubmitFormAsync($"/admin/users/{user.Id}", "form#block-form", new Dictionary<string, string>
        {
            ["Block.Until"] = until,
            ["Block.Reason"] = "다른 사람을 괴롭히는 댓글",
        });
        Assert.Equal(HttpStatusCode.Redirect, blocked.StatusCode);
        var page = await admin.GetDocumentAsync($"/admin/users/{user.Id}");
        Assert.Contains($"{until} 00:00까지 차단", page.QuerySelector("#user-state")!.TextContent, StringComparison.Ordinal);

        var refused = await SignInAsync("blocked@example.com", TestUsers.Password);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var message = (await refused.ParseAsync()).QuerySelector(".field-error")!.TextContent;
        Assert.Contains($"이 계정은 {until} 00:00 (KST)까지 이용이 제한되었어요. 사유: 다른 사람을 괴롭히는 댓글", message, StringComparison.Ordinal);
        // Without the password nobody learns the account is blocked, nor why.
        var guess = await SignInAsync("blocked@example.com", "wrong password");
        Assert.Contains("이메일 또는 비밀번호가 올바르지 않아요.", (await guess.ParseAsync()).QuerySelector(".field-error")!.TextContent, StringComparison.Ordinal);

        await admin.SubmitFormAsync($"/admin/users/{user.Id}", "form#unblock-form", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync("blocked@example.com", TestUsers.Password)).StatusCode);
    }

    [Fact]
    public async Task A_block_must_end_after_today_and_give_a_reason()
    {
        var user = await factory.CreateUserAsync("almost-blocked@example.com");
        using var admin = await factory.AdminAsync();

        var response = await admin.SubmitFormAsync($"/admin/users/{user.Id}", "form#block-form", new Dictionary<string, string>
        {
            ["Block.Until"] = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["Block.Reason"] = "",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = string.Join(" ", (await response.ParseAsync()).QuerySelectorAll("#block-form .field-error").Select(e => e.TextContent));
        Assert.Contains("차단 사유를 적어 주세요.", errors, StringComparison.Ordinal);
        await using var db = factory.CreateDbContext();
        Assert.Null((await db.Users.SingleAsync(u => u.Id == user.Id)).BlockedUntil);
    }

    [Fact]
    public async Task Granting_admin_opens_the_admin_area_and_revoking_closes_it()
    {
        var user = await factory.CreateUserAsync("promoted@example.com");
        using var admin = await factory.AdminAsync();

        await admin.SubmitFormAsync($"/admin/users/{user.Id}", "form#grant-admin-form", new Dictionary<string, string>());
        using (var promoted = await factory.SignedInClientAsync("promoted@example.com"))
        {
            Assert.Equal(HttpStatusCode.OK, (await promoted.GetAsync("/admin")).StatusCode);
        }
        Assert.Equal("관리자", (await admin.GetDocumentAsync($"/admin/users/{user.Id}")).QuerySelector("#user-role")!.TextContent);

        await admin.SubmitFormAsync($"/admin/users/{user.Id}", "form#revoke-admin-form", new Dictionary<string, string>());
        using var demoted = await factory.SignedInClientAsync("promoted@example.com");
        Assert.Equal(HttpStatusCode.Forbidden, (await demoted.GetAsync("/admin")).StatusCode);
    }

    [Fact]
    public async Task An_admin_cannot_revoke_their_own_role_nor_block_themselves()
    {
        var self = await factory.CreateUserAsync("self-admin@example.com", admin: true);
        using var admin = await factory.SignedInClientAsync("self-admin@example.com");

        var page = await admin.GetDocumentAsync($"/admin/users/{self.Id}");
        Assert.NotNull(page.QuerySelector("#revoke-admin-form button[disabled]"));
        Assert.Null(page.QuerySelector("#block-form"));
        var revoke = await admin.PostFormAsync($"/admin/users/{self.Id}?handler=RevokeAdmin", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.BadRequest, revoke.StatusCode);
        Assert.Contains("자신의 관리자 권한은 회수할 수 없어요.", await revoke.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var block = await admin.PostFormAsync($"/admin/users/{self.Id}?handler=Block", new Dictionary<string, string>
        {
            ["Block.Until"] = DateTime.UtcNow.AddDays(3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["Block.Reason"] = "실수",
        });
        Assert.Equal(HttpStatusCode.BadRequest, block.StatusCode);
    }

    [Fact]
    public async Task Admins_find_users_by_address_or_name_and_see_their_reports()
    {
        var (_, learnerId) = await factory.LearnerAsync("searchable-kim@example.com");
        await using (var db = factory.CreateDbContext())
        {
            (await db.Users.SingleAsync(u => u.Id == learnerId)).DisplayName = "김검색";
            await db.SaveChangesAsync();
        }
        var report = await factory.SeedReportAsync(reporterId: learnerId);
        using var admin = await factory.AdminAsync();

        foreach (var query in new[] { "SEARCHABLE-kim", "김검" })
        {
            var list = await admin.GetDocumentAsync($"/admin/users?q={Uri.EscapeDataString(query)}");
            var names = list.QuerySelectorAll("#user-list tbody tr td:first-child a").Select(a => a.TextContent).ToList();
            Assert.Equal(["김검색"], names);
        }
        Assert.Contains("찾는 사용자가 없어요.", (await admin.GetDocumentAsync("/admin/users?q=%25%25nobody")).Body!.TextContent, StringComparison.Ordinal);

        var detail = await admin.GetDocumentAsync($"/admin/users/{learnerId}");
        Assert.Equal($"/admin/reports/{report}", detail.QuerySelector("#user-reports a")!.GetAttribute("href"));
    }

    private async Task<HttpResponseMessage> SignInAsync(string email, string password)
    {
        var client = factory.Visitor();
        return await client.SubmitFormAsync("/Identity/Account/Login", "form#account", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
    }
}
