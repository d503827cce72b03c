using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Platform.Tests.Infrastructure;
using Platform.Web.Features.Account;

namespace Platform.Tests.Accounts;

public sealed class AdminRoleTests(AdminRoleTests.Factory factory) : IClassFixture<AdminRoleTests.Factory>
{
    public sealed class Factory : MailFactory
    {
        protected override IEnumerable<(string Key, string Value)> Settings() =>
            base.Settings().Append(("Platform:Admins:0", "Boss@Example.com")).Append(("Platform:Admins:1", "early-boss@example.com"));
    }

    [Fact]
    public async Task A_configured_admin_gets_the_admin_role_when_the_address_is_confirmed_not_before()
    {
        await factory.CreateUserAsync("boss@example.com", confirmed: false);
        Assert.False(await IsAdminAsync(factory, "boss@example.com"));

        // No sign-in before the address is proven (see HostileUserTests for the attack this stops).
        using var browser = factory.CreateBrowser();
        var refused = await browser.SubmitFormAsync("/Identity/Account/Login", "form#account", new Dictionary<string, string>
        {
            ["Input.Email"] = "boss@example.com",
            ["Input.Password"] = TestUsers.Password,
        });
        Assert.Equal(System.Net.HttpStatusCode.OK, refused.StatusCode);
        await browser.SubmitFormAsync("/Identity/Account/ResendEmailConfirmation", "form#resend-confirmation",
            new Dictionary<string, string> { ["Input.Email"] = "boss@example.com" });
        var mail = await factory.Smtp.WaitForMessageToAsync("boss@example.com");
        var confirmed = await browser.GetAsync(mail.LinkTo("/Identity/Account/ConfirmEmail"));

        Assert.True(await IsAdminAsync(factory, "boss@example.com"));
        // The owner sets the password now; then the admin area opens.
        var reset = await browser.SubmitFormAsync(confirmed.Headers.Location!.OriginalString, "form#reset-password", new Dictionary<string, string>
        {
            ["Input.Password"] = "the owner's own password",
            ["Input.ConfirmPassword"] = "the owner's own password",
        });
        Assert.Equal(System.Net.HttpStatusCode.Redirect, reset.StatusCode);
        using var admin = await factory.SignedInClientAsync("boss@example.com", "the owner's own password");
        Assert.Equal(System.Net.HttpStatusCode.OK, (await admin.GetAsync("/admin")).StatusCode);
    }

    [Fact]
    public async Task A_configured_admin_confirmed_earlier_gets_the_role_when_the_app_starts()
    {
        await factory.CreateUserAsync("early-boss@example.com", confirmed: true);
        Assert.False(await IsAdminAsync(factory, "early-boss@example.com"));

        await using var restarted = await AppInstance.StartAsync(factory.ConnectionString,
            [("Platform:Admins:0", "early-boss@example.com"), ("Outbox:Enabled", "false")]);
        Assert.True(await IsAdminAsync(restarted, "early-boss@example.com"));
    }

    [Fact]
    public async Task Admin_role_can_be_granted_and_revoked()
    {
        var user = await factory.CreateUserAsync("helper@example.com");
        await factory.WithScopeAsync(async services =>
        {
            var admins = services.GetRequiredService<AdminRoles>();
            var users = services.GetRequiredService<UserManager<User>>();
            var stored = (await users.FindByIdAsync(user.Id))!;
            Assert.True((await admins.GrantAsync(stored)).Succeeded);
            Assert.True(await users.IsInRoleAsync(stored, AdminRoles.Role));
            Assert.True((await admins.RevokeAsync(stored)).Succeeded);
            Assert.False(await users.IsInRoleAsync(stored, AdminRoles.Role));
            return true;
        });
    }

    private static Task<bool> IsAdminAsync(PlatformFactory app, string email) => app.WithScopeAsync(async services =>
    {
        var users = services.GetRequiredService<UserManager<User>>();
        var user = await users.FindByEmailAsync(email);
        return user is not null && await users.IsInRoleAsync(user, AdminRoles.Role);
    });
}
