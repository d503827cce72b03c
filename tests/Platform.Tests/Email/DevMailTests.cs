using System.Net;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Email;

public sealed class DevMailTests(DevMailTests.Factory factory) : IClassFixture<DevMailTests.Factory>
{
    /// Development without an SMTP host: what a newcomer runs.
    public sealed class Factory : PlatformFactory
    {
        protected override string EnvironmentName => "Development";
    }

    [Fact]
    public async Task Without_an_smtp_host_a_newcomer_confirms_their_address_through_dev_mail()
    {
        using var browser = factory.CreateBrowser();
        var response = await browser.SubmitFormAsync("/Identity/Account/Register", "form#register", new Dictionary<string, string>
        {
            ["Input.Email"] = "devnewcomer@example.com",
            ["Input.DisplayName"] = "개발자",
            ["Input.Password"] = "a long enough password",
            ["Input.ConfirmPassword"] = "a long enough password",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var welcome = await browser.GetDocumentAsync(response.Headers.Location!.OriginalString);
        Assert.NotNull(welcome.QuerySelector("a[href='/dev/mail']"));

        string? message = null;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (message is null)
        {
            var inbox = await browser.GetDocumentAsync("/dev/mail");
            message = inbox.QuerySelectorAll("table.dev-mail a").Select(a => a.GetAttribute("href")).FirstOrDefault();
            Assert.True(message is not null || DateTime.UtcNow < deadline, "No mail appeared in /dev/mail.");
            await Task.Delay(message is null ? 100 : 0);
        }
        Assert.True(Directory.GetFiles(factory.PickupDirectory, "*.eml").Length == 1);

        var mail = await browser.GetDocumentAsync(message);
        Assert.Contains("이메일 주소를 확인해 주세요", mail.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        var link = mail.QuerySelectorAll(".dev-mail-html a").Select(a => a.GetAttribute("href")!).First(h => h.Contains("/Identity/Account/ConfirmEmail", StringComparison.Ordinal));
        var confirmed = await browser.GetDocumentAsync(new Uri(link).PathAndQuery);
        Assert.Contains("이메일 주소를 확인했어요", confirmed.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dev_mail_refuses_paths_outside_its_folder()
    {
        using var browser = factory.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/dev/mail/..%2F..%2Fappsettings.json")).StatusCode);
    }
}

public sealed class DevMailOutsideDevelopmentTests(PlatformFactory factory) : IClassFixture<PlatformFactory>
{
    [Fact]
    public async Task Dev_mail_does_not_exist_outside_development()
    {
        using var browser = factory.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/dev/mail")).StatusCode);
    }
}
