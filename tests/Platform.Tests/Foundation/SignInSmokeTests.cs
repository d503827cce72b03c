using System.Net;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Foundation;

public sealed class SignInSmokeTests(PlatformFactory factory) : IClassFixture<PlatformFactory>
{
    [Fact]
    public async Task A_confirmed_user_signs_in_and_the_header_shows_them()
    {
        await factory.CreateUserAsync("reader@example.com", displayName: "리더");
        using var client = await factory.SignedInClientAsync("reader@example.com");
        var home = await client.GetDocumentAsync("/");
        Assert.Contains("로그아웃", home.QuerySelector(".site-header")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_header_offers_sign_in_and_registration_to_visitors_and_the_admin_area_to_admins_only()
    {
        using var visitor = factory.CreateClient();
        var links = (await visitor.GetDocumentAsync("/?from=header")).QuerySelectorAll(".site-header a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains("/Identity/Account/Login?returnUrl=%2F%3Ffrom%3Dheader", links);
        Assert.Contains("/Identity/Account/Register?returnUrl=%2F%3Ffrom%3Dheader", links);

        await factory.CreateUserAsync("plain-learner@example.com");
        using var learner = await factory.SignedInClientAsync("plain-learner@example.com");
        Assert.Null((await learner.GetDocumentAsync("/")).QuerySelector(".site-header a[href='/admin']"));

        await factory.CreateUserAsync("header-admin@example.com", admin: true);
        using var admin = await factory.SignedInClientAsync("header-admin@example.com");
        Assert.NotNull((await admin.GetDocumentAsync("/")).QuerySelector(".site-header a[href='/admin']"));
    }

    [Fact]
    public async Task A_wrong_password_does_not_sign_in()
    {
        await factory.CreateUserAsync("wrong@example.com");
        using var client = factory.CreateClient();
        var response = await client.SubmitFormAsync("/Identity/Account/Login", "form#account", new Dictionary<string, string>
        {
            ["Input.Email"] = "wrong@example.com",
            ["Input.Password"] = "not the password",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("로그아웃", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
