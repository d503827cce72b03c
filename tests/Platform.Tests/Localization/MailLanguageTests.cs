using System.Net;
using Microsoft.EntityFrameworkCore;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Localization;

/// Mail goes out in the recipient's language, stored on the account: set at registration from the
/// page's language, changeable on /me. Delivered through the real outbox to a loopback SMTP server.
public sealed class MailLanguageTests(MailFactory factory) : IClassFixture<MailFactory>
{
    private async Task<string> LanguageOfAsync(string email)
    {
        await using var db = factory.CreateDbContext();
        return await db.Users.Where(u => u.Email == email).Select(u => u.Language).SingleAsync();
    }

    [Fact]
    public async Task Registering_in_English_stores_English_and_the_confirmation_mail_is_English()
    {
        using var browser = factory.CreateBrowser();
        browser.DefaultRequestHeaders.Add("Accept-Language", "en-US,en;q=0.8");
        var response = await browser.SubmitFormAsync("/Identity/Account/Register", "form#register", new Dictionary<string, string>
        {
            ["Input.Email"] = "english-reader@example.com",
            ["Input.DisplayName"] = "Reader",
            ["Input.Password"] = "a long enough password",
            ["Input.ConfirmPassword"] = "a long enough password",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("en", await LanguageOfAsync("english-reader@example.com"));

        var mail = await factory.Smtp.WaitForMessageToAsync("english-reader@example.com");
        Assert.Equal("[C.W.K. Stream] Please confirm your e-mail address", mail.Subject);
        Assert.Contains("Reader, thank you for joining C.W.K. Stream.", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\">", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("If the button does not open", mail.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"[\uAC00-\uD7A3]", mail.Subject + mail.TextBody + mail.HtmlBody);
        var confirmed = await browser.GetDocumentAsync(mail.LinkTo("/Identity/Account/ConfirmEmail"));
        Assert.NotNull(confirmed.QuerySelector("h1"));
    }

    [Fact]
    public async Task Korean_registration_stays_Korean_and_a_language_changed_on_me_decides_the_reset_mail()
    {
        using var browser = factory.CreateBrowser();
        await browser.SubmitFormAsync("/Identity/Account/Register", "form#register", new Dictionary<string, string>
        {
            ["Input.Email"] = "korean-reader@example.com",
            ["Input.DisplayName"] = "독자",
            ["Input.Password"] = "a long enough password",
            ["Input.ConfirmPassword"] = "a long enough password",
        });
        Assert.Equal("ko", await LanguageOfAsync("korean-reader@example.com"));
        var confirmation = await factory.Smtp.WaitForMessageToAsync("korean-reader@example.com");
        Assert.Equal("[C.W.K. Stream] 이메일 주소를 확인해 주세요", confirmation.Subject);
        Assert.Contains("<html lang=\"ko\">", confirmation.HtmlBody, StringComparison.Ordinal);

        // /me: the account's language. Choosing English also switches the interface to it.
        var saved = await browser.SubmitFormAsync("/me", "form#account-language", new Dictionary<string, string> { ["language"] = "en" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("en", await LanguageOfAsync("korean-reader@example.com"));
        var me = await browser.GetDocumentAsync("/me");
        Assert.Equal("en", me.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Your mail language is saved.", me.QuerySelector("#account-language [role=status]")!.TextContent);
        Assert.Equal("en", me.QuerySelector("#account-language option[selected]")!.GetAttribute("value"));

        var refused = await browser.SubmitFormAsync("/me", "form#account-language", new Dictionary<string, string> { ["language"] = "xx" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("en", await LanguageOfAsync("korean-reader@example.com"));

        // The reset is asked for from a Korean page, yet the mail follows the account.
        using var other = factory.CreateBrowser();
        await other.SubmitFormAsync("/Identity/Account/ForgotPassword", "form#forgot-password",
            new Dictionary<string, string> { ["Input.Email"] = "korean-reader@example.com" });
        var reset = await WaitForSubjectAsync("korean-reader@example.com", "Reset your password");
        Assert.Contains("독자, you asked to reset your password.", reset.TextBody, StringComparison.Ordinal);
        Assert.Contains("Choose a new password", reset.HtmlBody, StringComparison.Ordinal);
        var form = await other.GetDocumentAsync(reset.LinkTo("/Identity/Account/ResetPassword"));
        Assert.Equal("korean-reader@example.com", form.QuerySelector("input[name='Input.Email']")!.GetAttribute("value"));
    }

    private async Task<MimeKit.MimeMessage> WaitForSubjectAsync(string to, string subjectPart)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var found = factory.Smtp.MessagesTo(to).FirstOrDefault(m => m.Subject?.Contains(subjectPart, StringComparison.Ordinal) == true);
            if (found is not null)
            {
                return found;
            }
            Assert.True(DateTime.UtcNow < deadline, $"No mail to {to} with '{subjectPart}'.");
            await Task.Delay(50);
        }
    }
}
