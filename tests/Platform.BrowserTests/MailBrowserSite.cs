using Platform.Tests.Infrastructure;
using Platform.Web.Infrastructure.Data;

namespace Platform.BrowserTests;

/// <see cref="BrowserSite"/> with the repository's content imported and the outbox sending to a
/// <see cref="LoopbackSmtp"/> server in the test process; reply alerts go out at once.
public sealed class MailBrowserSite : BrowserSite
{
    public LoopbackSmtp Smtp { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        // The server starts inside base.InitializeAsync and reads Settings() then: SMTP must be up first.
        Smtp = await LoopbackSmtp.StartAsync();
        await base.InitializeAsync();
    }

    protected override IEnumerable<(string Key, string Value)> Settings() =>
    [
        .. MailFactory.MailSettings(Smtp.Port, Enumerable.Repeat(TimeSpan.FromMilliseconds(200), 20).ToList()),
        ("Notifications:ReplyDelay", "00:00:00"),
        ("Notifications:DigestEnabled", "false"),
        ("Platform:ImportContentOnStart", "true"),
        ("Platform:ContentPath", Path.Combine(RepositoryPaths.Root(AppContext.BaseDirectory), "content")),
    ];

    protected override async ValueTask OnDisposedAsync() => await Smtp.DisposeAsync();
}
