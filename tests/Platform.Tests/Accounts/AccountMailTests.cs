using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Platform.Tests.Infrastructure;
using Platform.Web.Features.Account;

namespace Platform.Tests.Accounts;

public sealed class AccountMailTests(MailFactory factory) : IClassFixture<MailFactory>
{
    [Fact]
    public async Task Registering_sends_one_confirmation_mail_whose_link_confirms_the_account()
    {
        using var browser = factory.CreateBrowser();
        var response = await browser.SubmitFormAsync("/Identity/Account/Register", "form#register", new Dictionary<string, string>
        {
            ["Input.Email"] = "newcomer@example.com",
            ["Input.DisplayName"] = "새내기",
            ["Input.Password"] = "a long enough password",
            ["Input.ConfirmPassword"] = "a long enough password",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Identity/Account/RegisterConfirmation", response.Headers.Location!.OriginalString, StringComparison.Ordinal);

        var mail = await factory.Smtp.WaitForMessageToAsync("newcomer@example.com");
        Assert.Contains("C.W.K. Stream", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("이메일 주소를 확인해 주세요", mail.Subject, StringComparison.Ordinal);
        Assert.NotNull(mail.TextBody);
        Assert.NotNull(mail.HtmlBody);
        var link = mail.LinkTo("/Identity/Account/ConfirmEmail");
        Assert.StartsWith("http://localhost:5080/", mail.Links()[0], StringComparison.Ordinal);

        // Registration signed them in, before confirmation: the site reminds them to confirm.
        var home = await browser.GetDocumentAsync("/");
        Assert.Contains("이메일 주소를 아직 확인하지 않았어요", home.QuerySelector("main")!.TextContent, StringComparison.Ordinal);

        var confirmed = await browser.GetDocumentAsync(link);
        Assert.Contains("이메일 주소를 확인했어요", confirmed.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        home = await browser.GetDocumentAsync("/");
        Assert.DoesNotContain("이메일 주소를 아직 확인하지 않았어요", home.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.True(await EmailConfirmedAsync("newcomer@example.com"));

        var rows = await factory.WaitForOutboxAsync(r => r.Values.All(v => v.Status == "sent"));
        Assert.Single(rows, r => r.Key.StartsWith("account:confirm:", StringComparison.Ordinal));
        Assert.Single(factory.Smtp.MessagesTo("newcomer@example.com"));
    }

    [Fact]
    public async Task An_unconfirmed_learner_can_sign_in_and_resend_the_confirmation_from_the_reminder()
    {
        await factory.CreateUserAsync("unconfirmed@example.com", confirmed: false);
        using var browser = await factory.SignedInClientAsync("unconfirmed@example.com");

        var home = await browser.GetDocumentAsync("/");
        Assert.Contains("로그아웃", home.QuerySelector(".site-header")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(home.QuerySelector(".account-notice"));

        var resend = await browser.SubmitFormAsync("/", ".account-notice form", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, resend.StatusCode);
        var mail = await factory.Smtp.WaitForMessageToAsync("unconfirmed@example.com");

        var confirmed = await browser.GetDocumentAsync(mail.LinkTo("/Identity/Account/ConfirmEmail"));
        Assert.Contains("이메일 주소를 확인했어요", confirmed.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        Assert.True(await EmailConfirmedAsync("unconfirmed@example.com"));
    }

    [Fact]
    public async Task Forgot_password_sends_one_mail_whose_link_resets_the_password()
    {
        await factory.CreateUserAsync("forgetful@example.com");
        using var browser = factory.CreateBrowser();
        var response = await browser.SubmitFormAsync("/Identity/Account/ForgotPassword", "form#forgot-password",
            new Dictionary<string, string> { ["Input.Email"] = "forgetful@example.com" });
        Assert.Equal("/Identity/Account/ForgotPasswordConfirmation", response.Headers.Location?.OriginalString);

        var mail = await factory.Smtp.WaitForMessageToAsync("forgetful@example.com");
        Assert.Contains("비밀번호 재설정", mail.Subject, StringComparison.Ordinal);
        var link = mail.LinkTo("/Identity/Account/ResetPassword");
        var form = await browser.GetDocumentAsync(link);
        Assert.Equal("forgetful@example.com", form.QuerySelector("input[name='Input.Email']")!.GetAttribute("value"));

        var reset = await browser.SubmitFormAsync(link, "form#reset-password", new Dictionary<string, string>
        {
            ["Input.Password"] = "my brand new password",
            ["Input.ConfirmPassword"] = "my brand new password",
        });
        Assert.Equal("/Identity/Account/ResetPasswordConfirmation", reset.Headers.Location?.OriginalString);

        using var signedIn = await factory.SignedInClientAsync("forgetful@example.com", "my brand new password");
        var old = await factory.CreateBrowser().SubmitFormAsync("/Identity/Account/Login", "form#account", new Dictionary<string, string>
        {
            ["Input.Email"] = "forgetful@example.com",
            ["Input.Password"] = TestUsers.Password,
        });
        Assert.Equal(HttpStatusCode.OK, old.StatusCode);
        Assert.Contains("이메일 또는 비밀번호가 올바르지 않아요", await old.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single(factory.Smtp.MessagesTo("forgetful@example.com"));
    }

    [Fact]
    public async Task Forgot_password_for_an_unknown_address_answers_the_same_and_sends_nothing()
    {
        await factory.CreateUserAsync("known@example.com");
        using var browser = factory.CreateBrowser();
        var unknown = await browser.SubmitFormAsync("/Identity/Account/ForgotPassword", "form#forgot-password",
            new Dictionary<string, string> { ["Input.Email"] = "nobody@example.com" });
        var known = await browser.SubmitFormAsync("/Identity/Account/ForgotPassword", "form#forgot-password",
            new Dictionary<string, string> { ["Input.Email"] = "known@example.com" });

        Assert.Equal(known.StatusCode, unknown.StatusCode);
        Assert.Equal(known.Headers.Location, unknown.Headers.Location);
        // The known address's mail was queued after the unknown one's would have been: once it is
        // here, nothing for the unknown address is on its way.
        await factory.Smtp.WaitForMessageToAsync("known@example.com");
        Assert.Empty(factory.Smtp.MessagesTo("nobody@example.com"));
        Assert.DoesNotContain(await factory.OutboxAsync(), r => r.Key.Contains("nobody", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Changing_the_address_takes_effect_when_the_link_sent_to_the_new_address_is_followed()
    {
        await factory.CreateUserAsync("old-address@example.com");
        using var browser = await factory.SignedInClientAsync("old-address@example.com");
        var response = await browser.SubmitFormAsync("/Identity/Account/Manage/Email", "form#change-email",
            new Dictionary<string, string> { ["Input.NewEmail"] = "new-address@example.com" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var mail = await factory.Smtp.WaitForMessageToAsync("new-address@example.com");
        var page = await browser.GetDocumentAsync(mail.LinkTo("/Identity/Account/ConfirmEmailChange"));
        Assert.Contains("이메일 주소를 바꿨어요", page.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);

        using var again = await factory.SignedInClientAsync("new-address@example.com");
        Assert.True(await EmailConfirmedAsync("new-address@example.com"));
    }

    private Task<bool> EmailConfirmedAsync(string email) => factory.WithScopeAsync(async services =>
    {
        var user = await services.GetRequiredService<UserManager<User>>().FindByEmailAsync(email);
        return user?.EmailConfirmed ?? false;
    });
}
