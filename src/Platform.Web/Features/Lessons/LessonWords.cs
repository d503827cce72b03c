using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Platform.Web.Infrastructure.Localization;

namespace Platform.Web.Features.Lessons;

/// Interface words inside a lesson's stored HTML (a quiz's button, a table region's name) are
/// stored as markers and put in the reader's language when the page is drawn: one stored revision
/// serves every language, and the lesson's own text stays as authored. Markdown cannot produce a
/// marker (it escapes "&lt;"), so only the renderer writes them.
public static partial class LessonWords
{
    private const string Prefix = "<!--ui:";

    /// The marker of a LessonsText key, for the renderer.
    public static string Marker(string key) => Prefix + key + "-->";

    // Drawn once per stored HTML and language (a signed-in page is rendered on every request); an
    // entry goes when the catalog lets go of its HTML.
    private static readonly ConditionalWeakTable<string, ConcurrentDictionary<string, string>> Drawn = new();

    /// The stored HTML with every marker replaced by its text in the current culture (HTML-encoded,
    /// so a marker inside an attribute stays one attribute).
    public static string InCurrentLanguage(string html) =>
        html.Contains(Prefix, StringComparison.Ordinal)
            ? Drawn.GetValue(html, _ => new ConcurrentDictionary<string, string>(StringComparer.Ordinal))
                .GetOrAdd(CultureInfo.CurrentUICulture.Name, static (_, stored) => Draw(stored), html)
            : html;

    private static string Draw(string html) =>
        MarkerPattern().Replace(html, m => WebUtility.HtmlEncode(Localized.Text<LessonsText>(m.Groups[1].Value)));

    [GeneratedRegex(@"<!--ui:([A-Za-z.]+)-->")]
    private static partial Regex MarkerPattern();
}
