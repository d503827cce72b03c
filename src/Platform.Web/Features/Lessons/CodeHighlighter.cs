using System.Text;
using System.Text.RegularExpressions;

namespace Platform.Web.Features.Lessons;

/// Server-side syntax highlighting for the languages the lessons use: a small tokenizer per
/// language, each token wrapped in <c>span.tok-KIND</c>. Unknown languages come out as escaped
/// plain text. ColorCode was the alternative, but it lacks bash and YAML and wraps its output in
/// its own markup.
internal static partial class CodeHighlighter
{
    private static readonly string[] Kinds = ["comment", "string", "key", "keyword", "builtin", "function", "decorator", "variable", "option", "number"];

    public static string Highlight(string code, string language)
    {
        var tokens = language switch
        {
            "python" or "py" => Python(),
            "bash" or "sh" or "shell" or "console" => Shell(),
            "json" or "jsonl" => Json(),
            "yaml" or "yml" => Yaml(),
            _ => null,
        };
        if (tokens is null)
        {
            return LessonMarkdown.Html(code);
        }
        var html = new StringBuilder(code.Length * 2);
        var last = 0;
        foreach (Match match in tokens.Matches(code))
        {
            var kind = Kinds.FirstOrDefault(k => match.Groups[k].Success);
            if (kind is null || match.Length == 0)
            {
                continue;
            }
            html.Append(LessonMarkdown.Html(code[last..match.Index]));
            html.Append("<span class=\"tok-").Append(kind).Append("\">").Append(LessonMarkdown.Html(match.Value)).Append("</span>");
            last = match.Index + match.Length;
        }
        html.Append(LessonMarkdown.Html(code[last..]));
        return html.ToString();
    }

    [GeneratedRegex("""
        (?<comment>\#[^\n]*)
        |(?<string>(?:\b[rRbBfFuU]{1,2})?(?:\"\"\"[\s\S]*?\"\"\"|'''[\s\S]*?'''|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'))
        |(?<decorator>^[ \t]*@[\w.]+)
        |(?<keyword>\b(?:False|None|True|and|as|assert|async|await|break|class|continue|def|del|elif|else|except|finally|for|from|global|if|import|in|is|lambda|nonlocal|not|or|pass|raise|return|try|while|with|yield)\b)
        |(?<function>(?<=\b(?:def|class)[ \t]+)[A-Za-z_]\w*)
        |(?<builtin>\b(?:print|len|range|open|enumerate|zip|dict|list|set|tuple|int|float|str|bool|sum|min|max|sorted|isinstance|super|self|round|any|all|map|filter)\b)
        |(?<number>\b\d[\d_]*(?:\.\d+)?(?:[eE][+-]?\d+)?\b)
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.Multiline)]
    private static partial Regex Python();

    [GeneratedRegex("""
        (?<comment>(?<![^\s])\#[^\n]*)
        |(?<string>"(?:\\.|[^"\\])*"|'[^']*')
        |(?<variable>\$\{[^}\n]*\}|\$\w+)
        |(?<keyword>\b(?:if|then|else|elif|fi|for|while|do|done|case|esac|in|function|export|local|return|sudo)\b)
        |(?<function>(?<=(?:\A|[^\\]\n)[ \t]*)[A-Za-z_][\w.-]*)
        |(?<option>(?<=\s)--?[A-Za-z][\w-]*)
        |(?<number>(?<![\w.-])\d+(?:\.\d+)?(?![\w.-]))
        """, RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex Shell();

    [GeneratedRegex("""
        (?<key>"(?:\\.|[^"\\])*"(?=\s*:))
        |(?<string>"(?:\\.|[^"\\])*")
        |(?<keyword>\b(?:true|false|null)\b)
        |(?<number>-?\b\d+(?:\.\d+)?(?:[eE][+-]?\d+)?\b)
        """, RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex Json();

    [GeneratedRegex("""
        (?<comment>(?<![^\s])\#[^\n]*)
        |(?<key>(?<=^[ \t]*(?:-[ \t]+)?)[\w.-]+(?=[ \t]*:(?:\s|$)))
        |(?<string>"(?:\\.|[^"\\])*"|'[^']*')
        |(?<keyword>\b(?:true|false|null|yes|no)\b)
        |(?<number>\b\d+(?:\.\d+)?\b)
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.Multiline)]
    private static partial Regex Yaml();
}
