using System.Net;
using System.Text.RegularExpressions;
using MimeKit;

namespace Platform.Tests.Infrastructure;

/// Reading the mail a test received: the links a reader would click.
public static partial class Mail
{
    /// Every href in the HTML part, decoded, in order.
    public static IReadOnlyList<string> Links(this MimeMessage message) =>
        Href().Matches(message.HtmlBody ?? "").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).Distinct().ToList();

    /// The path and query of the first link whose path starts with <paramref name="path"/>, to
    /// request from the test server (links in mail are absolute, on Platform:PublicUrl).
    public static string LinkTo(this MimeMessage message, string path)
    {
        var link = message.Links().FirstOrDefault(l => Uri.TryCreate(l, UriKind.Absolute, out var uri)
            && uri.AbsolutePath.StartsWith(path, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException($"No link to {path} in '{message.Subject}': {string.Join(", ", message.Links())}");
        Assert.Contains(link, message.TextBody ?? "", StringComparison.Ordinal);
        return new Uri(link).PathAndQuery;
    }

    [GeneratedRegex("href=\"([^\"]+)\"")]
    private static partial Regex Href();
}
