using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Platform.Tests.Infrastructure;
using Platform.Web.Features.Account;

namespace Platform.Tests.Accounts;

public sealed class AccountTests(PlatformFactory factory) : IClassFixture<PlatformFactory>
{
    private static Task<HttpResponseMessage> SignInAsync(HttpClient browser, string email, string password, string url = "/Identity/Account/Login") =>
        browser.SubmitFormAsync(url, "form#account", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_and_the_right_one_is_refused_until_the_lockout_ends()
    {
        var user = await factory.CreateUserAsync("locked@example.com");
        using var browser = factory.CreateBrowser();
        for (var i = 0; i < 4; i++)
        {
            var wrong = await SignInAsync(browser, "locked@example.com", "not the password");
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }
        var fifth = await SignInAsync(browser, "locked@example.com", "not the password");
        Assert.Equal("/Identity/Account/Lockout", fifth.Headers.Location?.OriginalString);

        var right = await SignInAsync(browser, "locked@example.com", TestUsers.Password);
        Assert.Equal("/Identity/Account/Lockout", right.Headers.Location?.OriginalString);
        var lockout = await browser.GetDocumentAsync("/Identity/Account/Lockout");
        Assert.Contains("5분", lockout.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("로그인", (await browser.GetDocumentAsync("/")).QuerySelector(".site-header")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("로그아웃", (await browser.GetDocumentAsync("/")).QuerySelector(".site-header")!.TextContent, StringComparison.Ordinal);

        // The lock lasts five minutes; let them pass by moving its end into the past.
        var end = await factory.WithScopeAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<User>>();
            var stored = (await users.FindByIdAsync(user.Id))!;
            var lockoutEnd = stored.LockoutEnd!.Value;
            await users.SetLockoutEndDateAsync(stored, DateTimeOffset.UtcNow.AddSeconds(-1));
            return lockoutEnd;
        });
        Assert.InRange(end - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(5));

        var after = await SignInAsync(browser, "locked@example.com", TestUsers.Password);
        Assert.Equal("/", after.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Sign_in_goes_back_only_to_addresses_within_the_site()
    {
        await factory.CreateUserAsync("return@example.com");
        var inside = await SignInAsync(factory.CreateBrowser(), "return@example.com", TestUsers.Password, "/Identity/Account/Login?returnUrl=%2Fcourses%2Ffine-tuning");
        Assert.Equal("/courses/fine-tuning", inside.Headers.Location?.OriginalString);

        foreach (var outside in new[] { "https://evil.example/", "//evil.example/", "/\\evil.example" })
        {
            var response = await SignInAsync(factory.CreateBrowser(), "return@example.com", TestUsers.Password,
                "/Identity/Account/Login?returnUrl=" + Uri.EscapeDataString(outside));
            Assert.Equal("/", response.Headers.Location?.OriginalString);
        }
    }

    [Fact]
    public async Task The_sign_in_cookie_is_http_only_secure_and_same_site_lax()
    {
        await factory.CreateUserAsync("cookie@example.com");
        var response = await SignInAsync(factory.CreateBrowser(), "cookie@example.com", TestUsers.Password);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".AspNetCore.Identity.Application=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Registration_refuses_a_short_password_and_a_taken_address_in_korean()
    {
        await factory.CreateUserAsync("taken@example.com");
        using var browser = factory.CreateBrowser();
        var shortPassword = await browser.SubmitFormAsync("/Identity/Account/Register", "form#register", new Dictionary<string, string>
        {
            ["Input.Email"] = "short@example.com",
            ["Input.DisplayName"] = "짧은",
            ["Input.Password"] = "1234567",
            ["Input.ConfirmPassword"] = "1234567",
        });
        Assert.Equal(HttpStatusCode.OK, shortPassword.StatusCode);
        Assert.Contains("8자 이상", await shortPassword.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var taken = await browser.SubmitFormAsync("/Identity/Account/Register", "form#register", new Dictionary<string, string>
        {
            ["Input.Email"] = "taken@example.com",
            ["Input.DisplayName"] = "중복",
            ["Input.Password"] = "no composition rules here",
            ["Input.ConfirmPassword"] = "no composition rules here",
        });
        Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
        Assert.Contains("이미 가입된 이메일 주소예요", await taken.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_the_site_does_not_offer_are_not_found()
    {
        using var browser = factory.CreateBrowser();
        foreach (var page in new[] { "/Identity/Account/LoginWith2fa", "/Identity/Account/ExternalLogin", "/Identity/Account/Manage/TwoFactorAuthentication" })
        {
            var response = await browser.GetAsync(page);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
    }

    [Fact]
    public async Task Downloading_my_data_gives_my_account_as_json()
    {
        await factory.CreateUserAsync("data@example.com", displayName: "데이터");
        using var browser = await factory.SignedInClientAsync("data@example.com");
        var response = await browser.SubmitFormAsync("/Identity/Account/Manage/PersonalData", "form#download-data", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var account = json.RootElement.GetProperty("account");
        Assert.Equal("data@example.com", account.GetProperty("email").GetString());
        Assert.Equal("데이터", account.GetProperty("displayName").GetString());
    }

    [Fact]
    public async Task Deleting_my_account_anonymizes_it_signs_me_out_and_the_password_no_longer_works()
    {
        var user = await factory.CreateUserAsync("leaving@example.com", displayName: "떠나는이");
        using var browser = await factory.SignedInClientAsync("leaving@example.com");
        var wrong = await browser.SubmitFormAsync("/Identity/Account/Manage/DeletePersonalData", "form#delete-account",
            new Dictionary<string, string> { ["Input.Password"] = "not the password" });
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);

        var response = await browser.SubmitFormAsync("/Identity/Account/Manage/DeletePersonalData", "form#delete-account",
            new Dictionary<string, string> { ["Input.Password"] = TestUsers.Password });
        Assert.Equal("/", response.Headers.Location?.OriginalString);
        Assert.DoesNotContain("로그아웃", (await browser.GetDocumentAsync("/")).QuerySelector(".site-header")!.TextContent, StringComparison.Ordinal);

        var stored = await factory.WithScopeAsync(async services =>
            (await services.GetRequiredService<UserManager<User>>().FindByIdAsync(user.Id))!);
        Assert.Equal(User.DeletedDisplayName, stored.DisplayName);
        Assert.Null(stored.Email);
        Assert.Null(stored.UserName);
        Assert.Null(stored.PasswordHash);
        Assert.NotNull(stored.DeletedAt);

        var again = await SignInAsync(factory.CreateBrowser(), "leaving@example.com", TestUsers.Password);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        // The address is free again.
        await factory.CreateUserAsync("leaving@example.com");
    }

    [Fact]
    public async Task Changing_the_password_requires_the_current_one()
    {
        await factory.CreateUserAsync("changer@example.com");
        using var browser = await factory.SignedInClientAsync("changer@example.com");
        var response = await browser.SubmitFormAsync("/Identity/Account/Manage/ChangePassword", "form#change-password", new Dictionary<string, string>
        {
            ["Input.OldPassword"] = TestUsers.Password,
            ["Input.NewPassword"] = "another good password",
            ["Input.ConfirmPassword"] = "another good password",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        using var again = await factory.SignedInClientAsync("changer@example.com", "another good password");
    }

    [Fact]
    public async Task Manage_pages_send_anonymous_visitors_to_sign_in()
    {
        var response = await factory.CreateBrowser().GetAsync("/Identity/Account/Manage");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Identity/Account/Login", response.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
    }
}
