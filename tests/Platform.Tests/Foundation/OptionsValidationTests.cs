using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Options;

namespace Platform.Tests.Foundation;

/// A bad setting stops the app as it starts, with a message that names the key to fix, instead of
/// failing on the first mail, reply or sign-in.
public sealed class OptionsValidationTests
{
    [Theory]
    [InlineData("Smtp:Port", "0")]
    [InlineData("Smtp:Port", "70000")]
    [InlineData("Notifications:ReplyDelay", "-00:01:00")]
    [InlineData("Notifications:ReplyDelay", "3.00:00:00")]
    [InlineData("RateLimits:SignIn:PermitLimit", "0")]
    [InlineData("RateLimits:Reports:Window", "00:00:00")]
    [InlineData("Comments:PerMinute", "-1")]
    [InlineData("Learners:StateCacheSize", "0")]
    [InlineData("Learners:StateLifetime", "02:00:00")]
    [InlineData("Learners:StateLifetime", "-00:00:01")]
    [InlineData("Learners:PageCacheBytes", "-1")]
    public void A_bad_value_stops_the_app_naming_the_key(string key, string value) =>
        Assert.Contains(key, StartFails<OptionsValidationException>(key, value).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("Smtp:Port", "abc")]
    [InlineData("Notifications:ReplyDelay", "soon")]
    public void A_value_of_the_wrong_type_stops_the_app_naming_the_key(string key, string value) =>
        Assert.Contains(key, StartFails<InvalidOperationException>(key, value).Message, StringComparison.Ordinal);

    /// Starts the app with the setting and returns why it stopped. The test host races the app's
    /// own stop: when the app has already failed and disposed its services, WebApplicationFactory's
    /// start reads them and throws ObjectDisposedException instead of the app's error. That is the
    /// harness, not the app: it starts again.
    private static TException StartFails<TException>(string key, string value)
        where TException : Exception
    {
        for (var attempt = 1; ; attempt++)
        {
            using var app = new AppWith(key, value);
            var error = Record.Exception(() => app.CreateClient());
            if (error is ObjectDisposedException && attempt < 5)
            {
                continue;
            }
            return Assert.IsType<TException>(error);
        }
    }

    /// The app with one setting changed. Validation runs before anything touches the database, so
    /// this app has none: a start that got past validation would fail on the database instead,
    /// without the key in its message.
    private sealed class AppWith(string key, string value) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("ConnectionStrings:Platform", "Host=127.0.0.1;Port=1;Database=none;Username=none;Timeout=1");
            builder.UseSetting("Logging:LogLevel:Default", "None");
            builder.UseSetting("Outbox:Enabled", "false");
            builder.UseSetting("Notifications:DigestEnabled", "false");
            builder.UseSetting(key, value);
        }
    }
}
