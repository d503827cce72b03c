using System.Net;
using System.Text.RegularExpressions;

namespace Platform.Web.Features.Reports;

/// Where the text a reader selected sits in a lesson: the paragraph (or list item, heading, code
/// block, cell) of the revision's HTML that contains it, split around the selection so the admin
/// page can show it with the selection marked.
public sealed partial record SelectionContext(string Before, string Match, string After)
{
    private const int ContextChars = 300;

    public static SelectionContext? Find(string html, string? selected)
    {
        var needle = Collapse(selected ?? "");
        if (needle.Length == 0)
        {
            return null;
        }
        var blocks = BlockEnd().Split(html).Select(b => Collapse(WebUtility.HtmlDecode(Tag().Replace(LineBreak().Replace(b, " "), "")))).Where(b => b.Length > 0).ToList();
        // A selection across paragraphs is not inside any one of them: look for its longest line.
        var candidates = new[] { needle }.Concat(
            (selected ?? "").Split('\n').Select(Collapse).Where(l => l.Length >= 4).OrderByDescending(l => l.Length));
        foreach (var candidate in candidates)
        {
            foreach (var block in blocks)
            {
                var at = block.IndexOf(candidate, StringComparison.Ordinal);
                if (at >= 0)
                {
                    var before = block[..at];
                    var after = block[(at + candidate.Length)..];
                    return new SelectionContext(
                        before.Length > ContextChars ? "…" + before[^ContextChars..] : before,
                        candidate,
                        after.Length > ContextChars ? after[..ContextChars] + "…" : after);
                }
            }
        }
        return null;
    }

    private static string Collapse(string text) => Whitespace().Replace(text, " ").Trim();

    [GeneratedRegex(@"</(?:p|li|h[1-6]|pre|td|th|blockquote|figcaption|dd|dt|div)\s*>", RegexOptions.IgnoreCase)]
    private static partial Regex BlockEnd();

    [GeneratedRegex(@"<br\s*/?>", RegexOptions.IgnoreCase)]
    private static partial Regex LineBreak();

    // Inline tags vanish without a trace: the reader's selection of "a<code>b</code>" is "ab".
    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
