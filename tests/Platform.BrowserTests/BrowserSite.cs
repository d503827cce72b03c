using Microsoft.Playwright;
using Platform.Tests.Infrastructure;

namespace Platform.BrowserTests;

/// The app on a real Kestrel port, on its own database, with Chromium (shared by the run) to drive it.
/// Chromium is the machine's own (/usr/bin/chromium or PLATFORM_CHROMIUM): Playwright's browser
/// download is not used.
public class BrowserSite : PlatformFactory
{
    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl { get; private set; } = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        BaseUrl = StartOnKestrel();

        Browser = await SharedChromium.BrowserAsync();
    }

    /// A fresh browser profile (its own cookies and localStorage), as a second person or device.
    /// Console errors and CSP violations are collected so a test can assert the page is clean.
    public async Task<(IBrowserContext Context, IPage Page, List<string> Errors)> NewVisitorAsync(int? width = null)
    {
        var options = new BrowserNewContextOptions { BaseURL = BaseUrl, Locale = "ko-KR" };
        if (width is { } w)
        {
            // A phone: its width, a touch screen, the page laid out for a device (not a desktop window).
            options.ViewportSize = new ViewportSize { Width = w, Height = 740 };
            options.IsMobile = true;
            options.HasTouch = true;
        }
        var context = await Browser.NewContextAsync(options);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add($"{message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        return (context, page, errors);
    }

}

/// One Chromium for the whole run, shared by every fixture: each visitor still gets a fresh profile
/// (a browser context of its own), and starting Playwright's driver and Chromium for each test
/// class cost about a second each time. It closes when the test process ends.
internal static class SharedChromium
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static IPlaywright? _playwright;
    private static IBrowser? _browser;

    public static async Task<IBrowser> BrowserAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_browser is { IsConnected: true })
            {
                return _browser;
            }
            var chromium = new[] { Environment.GetEnvironmentVariable("PLATFORM_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser" }
                .FirstOrDefault(p => !string.IsNullOrEmpty(p) && File.Exists(p))
                ?? throw new InvalidOperationException(
                    "The browser tests need Chromium: apt-get install chromium, or set PLATFORM_CHROMIUM to a Chromium binary.");
            if (_playwright is null)
            {
                _playwright = await Playwright.CreateAsync();
                AppDomain.CurrentDomain.ProcessExit += (_, _) => Close();
            }
            // A browser that went away (crashed) is replaced rather than failing every later class.
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = chromium,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
            });
            return _browser;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static void Close()
    {
        _browser?.CloseAsync().Wait(TimeSpan.FromSeconds(10));
        _playwright?.Dispose();
    }
}

/// The site with the repository's own content imported.
public sealed class SampleContentSite : BrowserSite
{
    protected override IEnumerable<(string Key, string Value)> Settings() =>
        base.Settings().Append(("Platform:ImportContentOnStart", "true"));
}
