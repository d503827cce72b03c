using Platform.Tests.Infrastructure;

namespace Platform.BrowserTests;

/// <see cref="BrowserSite"/> whose outbox sends to a loopback SMTP server in the test process,
/// for journeys that end in an e-mail.
public class MailBrowserSite : BrowserSite
{
    public LoopbackSmtp Smtp { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        // Before the app starts: its configuration names the server's port.
        Smtp = await LoopbackSmtp.StartAsync();
        await base.InitializeAsync();
    }

    protected override IEnumerable<(string Key, string Value)> Settings() =>
        MailFactory.MailSettings(Smtp.Port, [TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1)]);

    protected override async ValueTask OnDisposedAsync()
    {
        await base.OnDisposedAsync();
        await Smtp.DisposeAsync();
    }
}
