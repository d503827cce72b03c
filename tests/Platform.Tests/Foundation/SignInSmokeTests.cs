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
