using System.Collections.Frozen;
using Microsoft.AspNetCore.Html;

namespace Platform.Web.Features.Shared;

/// Inline SVG icons (24×24, drawn with the text colour): they render on every machine, where an
/// emoji shows as an empty box without an emoji font. Decorative: the text beside them speaks.
public static class Icons
{
    private static readonly FrozenDictionary<string, string> Paths = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["bell-off"] = """<path d="M6 8a6 6 0 0 1 9.5-4.9M18 8c0 7 3 9 3 9H9"/><path d="M6 8c0 3-.6 5-1.3 6.6"/><path d="M10.3 21a2 2 0 0 0 3.4 0"/><path d="M3 3l18 18"/>""",
        ["thumb-up"] = """<path d="M7 11v9H4v-9z"/><path d="M7 11l4-8a2 2 0 0 1 3 2l-1 5h6a2 2 0 0 1 2 2.3l-1.2 6A2 2 0 0 1 17.8 20H7"/>""",
        ["thumb-down"] = """<path d="M7 13V4H4v9z"/><path d="M7 13l4 8a2 2 0 0 0 3-2l-1-5h6a2 2 0 0 0 2-2.3l-1.2-6A2 2 0 0 0 17.8 4H7"/>""",
        ["bell"] = """<path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9"/><path d="M10.3 21a2 2 0 0 0 3.4 0"/>""",
        ["flame"] = """<path d="M12 2c1 4 5 6 5 11a5 5 0 0 1-10 0c0-3 2-4 2-7 2 1 3 3 3 3V2z"/>""",
        ["lock"] = """<rect x="5" y="11" width="14" height="10" rx="2"/><path d="M8 11V7a4 4 0 0 1 8 0v4"/>""",
        ["check"] = """<path d="M5 12l5 5L20 7"/>""",
        ["star"] = """<path d="M12 3l2.7 5.6 6.1.9-4.4 4.3 1 6.1L12 17l-5.4 2.9 1-6.1-4.4-4.3 6.1-.9z"/>""",
        ["trophy"] = """<path d="M8 21h8M12 17v4M7 4h10v5a5 5 0 0 1-10 0z"/><path d="M17 5h3v2a3 3 0 0 1-3 3M7 5H4v2a3 3 0 0 0 3 3"/>""",
        ["sprout"] = """<path d="M12 21v-9"/><path d="M12 12C12 8 9 5 4 5c0 4 3 7 8 7z"/><path d="M12 14c0-4 3-6 8-6 0 4-3 6-8 6z"/>""",
        ["box"] = """<path d="M3 7l9-4 9 4-9 4z"/><path d="M3 7v10l9 4 9-4V7"/><path d="M12 11v10"/>""",
        ["cap"] = """<path d="M2 9l10-5 10 5-10 5z"/><path d="M6 11v5c3 2 9 2 12 0v-5"/>""",
        ["medal"] = """<circle cx="12" cy="15" r="6"/><path d="M8 3l2 6M16 3l-2 6"/>""",
        ["bolt"] = """<path d="M13 2L4 14h7l-1 8 9-12h-7z"/>""",
        ["rocket"] = """<path d="M12 15l-3-3c1-5 5-9 11-9 0 6-4 10-9 11z"/><path d="M9 12H5l2-4h4M12 15v4l4-2v-4"/>""",
        ["comment"] = """<path d="M4 5h16v11H9l-5 4z"/>""",
        ["mail"] = """<rect x="3" y="5" width="18" height="14" rx="2"/><path d="M3 7l9 6 9-6"/>""",
        ["wrench"] = """<path d="M14.7 6.3a4 4 0 0 0-5.4 5.4L3 18l3 3 6.3-6.3a4 4 0 0 0 5.4-5.4l-2.6 2.6-2.4-.6-.6-2.4z"/>""",
        ["search"] = """<circle cx="11" cy="11" r="7"/><path d="M20 20l-4-4"/>""",
        ["menu"] = """<path d="M4 6h16M4 12h16M4 18h16"/>""",
        ["moon"] = """<path d="M20 14A8 8 0 0 1 10 4a8 8 0 1 0 10 10z"/>""",
        ["arrow-right"] = """<path d="M5 12h14M13 6l6 6-6 6"/>""",
        ["puzzle"] = """<path d="M10 3h4v3a2 2 0 1 0 4 0V3h3v7h-3a2 2 0 1 0 0 4h3v7h-7v-3a2 2 0 1 0-4 0v3H3v-7h3a2 2 0 1 0 0-4H3V3z"/>""",
        ["alert"] = """<path d="M12 3l10 18H2z"/><path d="M12 10v5M12 18h.01"/>""",
        ["list"] = """<path d="M9 6h11M9 12h11M9 18h11M4 6h.01M4 12h.01M4 18h.01"/>""",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// The icon of an achievement, by its id.
    private static readonly FrozenDictionary<string, string> AchievementIcons = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["first-lesson"] = "sprout",
        ["first-module"] = "box",
        ["first-course"] = "cap",
        ["ten-lessons"] = "medal",
        ["twenty-five-lessons"] = "trophy",
        ["streak-3"] = "flame",
        ["streak-7"] = "bolt",
        ["course-in-a-week"] = "rocket",
        ["first-comment"] = "comment",
        ["first-reply-received"] = "mail",
        ["first-accepted-report"] = "wrench",
        ["course-exercises"] = "puzzle",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static IHtmlContent Svg(string name, string cssClass = "icon") =>
        new HtmlString(
            $"""<svg class="{cssClass}" viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">{Paths.GetValueOrDefault(name, Paths["star"])}</svg>""");

    public static IHtmlContent Achievement(string id) => Svg(AchievementIcons.GetValueOrDefault(id, "trophy"), "icon achievement-svg");
}
