using System.Net;
using System.Text;
using Microsoft.AspNetCore.Html;

namespace Platform.Web.Features.Lessons.Search;

/// The part of a section's text around the first match, HTML-encoded, with every occurrence of a
/// query stem wrapped in &lt;mark&gt;. The text is encoded piece by piece, so nothing in a lesson
/// or a query can become markup.
public static class SearchPassage
{
    public const int Length = 180;

    public static IHtmlContent Highlight(string text, IReadOnlyList<string> stems, int length = Length)
    {
        var first = FirstMatch(text, stems, 0);
        var start = 0;
        if (first is { } match && match.Index > length / 3)
        {
            start = match.Index - (length / 3);
            var space = text.IndexOf(' ', start);
            if (space >= 0 && space < match.Index)
            {
                start = space + 1;
            }
        }
        var end = Math.Min(text.Length, start + length);
        if (end < text.Length)
        {
            var space = text.LastIndexOf(' ', end);
            if (space > start + (length / 2))
            {
                end = space;
            }
        }

        var html = new StringBuilder();
        if (start > 0)
        {
            html.Append('…');
        }
        var at = start;
        while (FirstMatch(text, stems, at) is { } next && next.Index < end)
        {
            var stop = Math.Min(end, next.Index + next.Length);
            html.Append(WebUtility.HtmlEncode(text[at..next.Index]))
                .Append("<mark>").Append(WebUtility.HtmlEncode(text[next.Index..stop])).Append("</mark>");
            at = stop;
        }
        html.Append(WebUtility.HtmlEncode(text[at..end]));
        if (end < text.Length)
        {
            html.Append('…');
        }
        return new HtmlString(html.ToString());
    }

    private static (int Index, int Length)? FirstMatch(string text, IReadOnlyList<string> stems, int from)
    {
        (int Index, int Length)? best = null;
        foreach (var stem in stems)
        {
            var index = text.IndexOf(stem, from, StringComparison.OrdinalIgnoreCase);
            if (index >= 0 && (best is null || index < best.Value.Index || (index == best.Value.Index && stem.Length > best.Value.Length)))
            {
                best = (index, stem.Length);
            }
        }
        return best;
    }
}
