using Platform.Tests.Infrastructure;

namespace Platform.BrowserTests;

/// A <see cref="BrowserSite"/> with the repository's content imported and its outbox sending to a
/// <see cref="LoopbackSmtp"/> server in the test process (as <see cref="MailFactory"/> does for the
/// HTTP-level tests), for journeys that follow a link from an e-mail. Reply alerts go out at once.
public class MailBrowserSite : BrowserSite
{
    public LoopbackSmtp Smtp { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        // The server reads its settings when it starts (in base.InitializeAsync): SMTP first.
        Smtp = await LoopbackSmtp.StartAsync();
        await base.InitializeAsync();
    }

    protected override IEnumerable<(string Key, string Value)> Settings() =>
    [
        .. base.Settings(),
        .. MailFactory.MailSettings(Smtp.Port, Enumerable.Repeat(TimeSpan.FromMilliseconds(200), 20).ToList()),
        ("Notifications:ReplyDelay", "00:00:00"),
        ("Notifications:DigestEnabled", "false"),
        ("Platform:ImportContentOnStart", "true"),
    ];

    /// A path (say, of a link in a mail: those are absolute on Platform:PublicUrl) on this site.
    public string SiteUrl(string pathAndQuery) => BaseUrl.TrimEnd('/') + pathAndQuery;

    protected override async ValueTask OnDisposedAsync()
    {
        await Smtp.DisposeAsync();
        await base.OnDisposedAsync();
    }
}
