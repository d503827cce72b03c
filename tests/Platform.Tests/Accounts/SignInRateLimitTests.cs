using System.Net;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Accounts;

public sealed class SignInRateLimitTests(SignInRateLimitTests.Factory factory) : IClassFixture<SignInRateLimitTests.Factory>
{
    public sealed class Factory : PlatformFactory
    {
        protected override IEnumerable<(string Key, string Value)> Settings() =>
        [
            ("RateLimits:SignIn:PermitLimit", "3"),
            ("RateLimits:SignIn:Window", "01:00:00"),
        ];
    }

    [Fact]
    public async Task Too_many_sign_in_attempts_from_one_client_get_429_with_retry_after_and_a_korean_message()
    {
        using var browser = factory.CreateBrowser();
        var fields = new Dictionary<string, string> { ["Input.Email"] = "guess@example.com", ["Input.Password"] = "guessing" };
        for (var i = 0; i < 3; i++)
        {
            var allowed = await browser.SubmitFormAsync("/Identity/Account/Login", "form#account", fields);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        // Reading the form is never limited; posting it is.
        var refused = await browser.SubmitFormAsync("/Identity/Account/Login", "form#account", fields);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After should say how long to wait.");
        Assert.Contains("요청이 너무 많아요", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
