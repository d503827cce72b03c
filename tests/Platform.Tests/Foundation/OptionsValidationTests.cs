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
    public void A_bad_value_stops_the_app_naming_the_key(string key, string value)
    {
        using var app = new AppWith(key, value);

        var error = Assert.Throws<OptionsValidationException>(() => app.CreateClient());

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Smtp:Port", "abc")]
    [InlineData("Notifications:ReplyDelay", "soon")]
    public void A_value_of_the_wrong_type_stops_the_app_naming_the_key(string key, string value)
    {
        using var app = new AppWith(key, value);

        var error = Assert.Throws<InvalidOperationException>(() => app.CreateClient());

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
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
