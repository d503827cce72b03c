using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Extensions.AutoIdentifiers;
using Markdig.Extensions.CustomContainers;
using Markdig.Parsers;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Platform.Web.Infrastructure.Text;
using Platform.Web.Infrastructure.Localization;

namespace Platform.Web.Features.Lessons;

/// A lesson rendered once, at import: the body, its table of contents, and the two sections
/// every lesson has (null when the Markdown lacks them).
public sealed record RenderedLesson(string BodyHtml, string TocHtml, string? LinksHtml, string? ExerciseHtml)
{
    /// The lesson's quiz questions, answers included (they stay on the server).
    public IReadOnlyList<LessonExercise> Exercises { get; init; } = [];
}

/// The one Markdown pipeline of the site. Lessons are trusted author content (raw HTML allowed);
/// user text (comments) goes through <see cref="RenderUserText"/>: a stricter subset sharing the
/// code-block rendering.
public sealed partial class LessonMarkdown
{
    /// Bump when the rendered HTML changes shape: the next import then re-renders every lesson.
    public const int Version = 4;

    public const string LinksContainer = "links";
    public const string ExerciseContainer = "exercise";

    private readonly string? _siteHost;
    private readonly MarkdownPipeline _lessonPipeline;
    private readonly MarkdownPipeline _userPipeline;

    public LessonMarkdown(string? publicUrl = null)
    {
        _siteHost = Uri.TryCreate(publicUrl, UriKind.Absolute, out var site) ? site.Host : null;
        _lessonPipeline = new MarkdownPipelineBuilder()
            .UsePipeTables()
            .UseCustomContainers()
            .UseAutoIdentifiers(AutoIdentifierOptions.GitHub)
            .Use<CaptionedCodeExtension>()
            .Build();

        // Comments: paragraphs, emphasis, lists, quotes, code and links. No raw HTML, no headings
        // (a comment should not outshout the lesson), bare URLs become links.
        var user = new MarkdownPipelineBuilder()
            .UseAutoLinks()
            .Use<CaptionedCodeExtension>()
            .DisableHtml();
        user.BlockParsers.TryRemove<HeadingBlockParser>();
        user.BlockParsers.Find<ParagraphBlockParser>()!.ParseSetextHeadings = false;
        _userPipeline = user.Build();
    }

    /// <paramref name="lessonKey"/> (`course/lesson`) names the lesson in its quiz forms. A
    /// malformed quiz block throws <see cref="LessonExerciseException"/>.
    public RenderedLesson RenderLesson(string markdown, string? lessonKey = null)
    {
        var document = Markdown.Parse(markdown, _lessonPipeline);
        var exercises = ReplaceQuizBlocks(document, lessonKey);
        MarkExternalLinks(document);
        var links = TakeContainer(document, LinksContainer);
        var exercise = TakeContainer(document, ExerciseContainer);
        var toc = TableOfContents(document);
        AddHeadingAnchors(document);
        return new RenderedLesson(
            ScrollableTables(Render(document, _lessonPipeline)),
            toc,
            links is null ? null : Render(links, _lessonPipeline),
            exercise is null ? null : Render(exercise, _lessonPipeline))
        {
            Exercises = exercises,
        };
    }

    private List<LessonExercise> ReplaceQuizBlocks(MarkdownDocument document, string? lessonKey)
    {
        var exercises = new List<LessonExercise>();
        foreach (var block in document.Descendants<FencedCodeBlock>()
            .Where(b => string.Equals(b.Info?.Trim(), LessonExercise.FenceInfo, StringComparison.OrdinalIgnoreCase)).ToList())
        {
            var exercise = LessonExerciseBlocks.Parse(block, _lessonPipeline);
            if (exercises.Any(e => e.Id == exercise.Id))
            {
                throw new LessonExerciseException(block.Line, Localized.Text<ContentText>("Quiz.IdTwice", exercise.Id));
            }
            exercises.Add(exercise);
            var html = new HtmlBlock(null) { Type = HtmlBlockType.NonInterruptingBlock };
            html.Lines = new Markdig.Helpers.StringLineGroup(LessonExerciseBlocks.RenderForm(exercise, lessonKey));
            var parent = block.Parent!;
            parent.Insert(parent.IndexOf(block), html);
            parent.Remove(block);
        }
        return exercises;
    }

    /// The last part of an image address ("loss.png"), or its host when the path has none.
    private static string ImageName(string url)
    {
        var path = url.Split('?', '#')[0].TrimEnd('/');
        var name = path[(path.LastIndexOf('/') + 1)..];
        if (name.Length > 0 && !name.Contains(':', StringComparison.Ordinal))
        {
            return Uri.UnescapeDataString(name);
        }
        return Uri.TryCreate(url, UriKind.Absolute, out var absolute) ? absolute.Host : url;
    }

    /// A wide table scrolls inside its own box (focusable, so keyboards can scroll it too), never the page.
    private static string ScrollableTables(string html) => html
        .Replace("<table>", "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"" + LessonWords.Marker("Lesson.Table") + "\"><table>", StringComparison.Ordinal)
        .Replace("</table>", "</table></div>", StringComparison.Ordinal);

    /// The lesson's text by section, for the search index.
    public IReadOnlyList<Search.SectionText> SectionsOf(string markdown) =>
        Search.LessonSectionText.Of(Markdown.Parse(markdown, _lessonPipeline));

    /// A learner's Markdown as safe HTML. Raw HTML is off, but Markdig still turns
    /// `[x](javascript:...)`, `&lt;javascript:...&gt;` and reference links into live anchors, so every
    /// link, image and autolink destination is checked here: a destination that is not http, https,
    /// mailto or a path on this site loses its link and stays as text. Images become links: an image
    /// from anywhere would load in every reader's browser (tracking them, or filling the page), a
    /// link loads only for those who choose to follow it. Links get rel="nofollow ugc noopener".
    public string RenderUserText(string markdown)
    {
        var document = Markdown.Parse(markdown, _userPipeline);
        foreach (var link in document.Descendants<LinkInline>().ToList())
        {
            if (!IsAllowedUserUrl(link.Url))
            {
                Unwrap(link);
                continue;
            }
            if (link.IsImage)
            {
                link.IsImage = false;
                link.GetAttributes().AddClass("image-link");
                // The picture mark is drawn by the style sheet (.image-link::before), not an emoji:
                // an emoji is an empty box where no emoji font is installed.
                if (link.FirstChild is null)
                {
                    // Without a description the file's name says what the link opens, in no
                    // language of ours (the HTML is stored and read in Korean and English alike).
                    link.AppendChild(new LiteralInline(ImageName(link.Url!)));
                }
            }
            MarkUserLink(link, link.Url!);
        }
        foreach (var autolink in document.Descendants<AutolinkInline>().ToList())
        {
            if (!autolink.IsEmail && !IsAllowedUserUrl(autolink.Url))
            {
                autolink.ReplaceBy(new LiteralInline(autolink.Url));
                continue;
            }
            MarkUserLink(autolink, autolink.IsEmail ? "mailto:" + autolink.Url : autolink.Url);
        }
        return Render(document, _userPipeline);
    }

    /// The learner's Markdown as plain text on one line (for e-mail and notification excerpts).
    public string UserTextExcerpt(string markdown, int maxLength)
    {
        return Excerpt.Of(Markdown.ToPlainText(markdown, _userPipeline), maxLength);
    }

    /// http, https and mailto, or a path on this site; judged the way a browser reads the
    /// attribute: entities decoded, whitespace and control characters dropped.
    public static bool IsAllowedUserUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return false;
        }
        var decoded = WebUtility.HtmlDecode(url);
        var cleaned = new StringBuilder(decoded.Length);
        foreach (var c in decoded)
        {
            if (!char.IsWhiteSpace(c) && !char.IsControl(c) && char.GetUnicodeCategory(c) != UnicodeCategory.Format)
            {
                cleaned.Append(c);
            }
        }
        var value = cleaned.ToString();
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        var delimiter = value.IndexOfAny(['/', '?', '#', '\\']);
        if (colon < 0 || (delimiter >= 0 && delimiter < colon))
        {
            // No scheme: only a path on this site ("/courses/..." or "#comment-1"), never "//host".
            return (value.StartsWith('/') && !value.StartsWith("//", StringComparison.Ordinal)
                    && !value.StartsWith("/\\", StringComparison.Ordinal))
                || value.StartsWith('#');
        }
        var scheme = value[..colon].ToLowerInvariant();
        return scheme switch
        {
            "http" or "https" => Uri.TryCreate(value, UriKind.Absolute, out var uri) && !string.IsNullOrEmpty(uri.Host),
            "mailto" => value.Length > colon + 1,
            _ => false,
        };
    }

    private void MarkUserLink(Inline link, string url)
    {
        var attributes = link.GetAttributes();
        attributes.AddProperty("rel", "nofollow ugc noopener");
        if (IsExternal(url))
        {
            attributes.AddProperty("target", "_blank");
        }
    }

    /// Replaces a link by its text.
    private static void Unwrap(LinkInline link)
    {
        var child = link.FirstChild;
        while (child is not null)
        {
            var next = child.NextSibling;
            child.Remove();
            link.InsertBefore(child);
            child = next;
        }
        link.Remove();
    }

    /// The absolute http(s) addresses on other hosts a lesson links to (text links and autolinks,
    /// not addresses inside code), each once, in page order: what the link check fetches.
    public IReadOnlyList<string> ExternalLinksOf(string markdown)
    {
        var document = Markdown.Parse(markdown, _lessonPipeline);
        return document.Descendants<Inline>()
            .Select(i => i switch
            {
                LinkInline { IsImage: false } link => link.Url,
                AutolinkInline { IsEmail: false } auto => auto.Url,
                _ => null,
            })
            .Where(IsExternal)
            .Select(url => url!)
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    /// Absolute http(s) links to another host open in a new tab, without handing it window.opener,
    /// and carry a visible mark.
    private void MarkExternalLinks(MarkdownDocument document)
    {
        foreach (var link in document.Descendants<LinkInline>().Where(l => !l.IsImage).ToList())
        {
            if (!IsExternal(link.Url))
            {
                continue;
            }
            var attributes = link.GetAttributes();
            attributes.AddClass("external");
            attributes.AddProperty("target", "_blank");
            attributes.AddProperty("rel", "noopener");
            link.AppendChild(new HtmlInline("<span class=\"external-mark\" aria-hidden=\"true\">↗</span>"));
        }
        foreach (var link in document.Descendants<AutolinkInline>().Where(l => !l.IsEmail && IsExternal(l.Url)))
        {
            var attributes = link.GetAttributes();
            attributes.AddClass("external");
            attributes.AddProperty("target", "_blank");
            attributes.AddProperty("rel", "noopener");
        }
    }

    private bool IsExternal(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && !string.Equals(uri.Host, _siteHost, StringComparison.OrdinalIgnoreCase);

    private static CustomContainer? TakeContainer(MarkdownDocument document, string name)
    {
        var container = document.OfType<CustomContainer>()
            .FirstOrDefault(c => string.Equals(c.Info?.Trim(), name, StringComparison.OrdinalIgnoreCase));
        if (container is not null)
        {
            document.Remove(container);
        }
        return container;
    }

    private static string TableOfContents(MarkdownDocument document)
    {
        var headings = document.Descendants<HeadingBlock>()
            .Where(h => h.Level is 2 or 3 && h.Inline is not null && !string.IsNullOrEmpty(h.GetAttributes().Id))
            .ToList();
        if (headings.Count == 0)
        {
            return "";
        }
        var html = new StringBuilder("<ol class=\"toc-list\">");
        var inSublist = false;
        var first = true;
        foreach (var heading in headings)
        {
            var item = $"<a href=\"#{Html(heading.GetAttributes().Id!)}\">{Html(PlainText(heading.Inline!))}</a>";
            if (heading.Level == 3 && !first)
            {
                html.Append(inSublist ? "</li><li>" : "<ol><li>").Append(item);
                inSublist = true;
                continue;
            }
            if (inSublist)
            {
                html.Append("</li></ol>");
                inSublist = false;
            }
            html.Append(first ? "<li>" : "</li><li>").Append(item);
            first = false;
        }
        html.Append(inSublist ? "</li></ol></li></ol>" : "</li></ol>");
        return html.ToString();
    }

    private static void AddHeadingAnchors(MarkdownDocument document)
    {
        foreach (var heading in document.Descendants<HeadingBlock>())
        {
            var id = heading.GetAttributes().Id;
            if (heading.Level < 2 || heading.Inline is null || string.IsNullOrEmpty(id))
            {
                continue;
            }
            // Raw, so the fragment keeps the heading's own (Korean) id rather than a percent-encoded one.
            // Named by its heading: stored lesson HTML carries no interface words (it is the same in every language).
            heading.Inline.AppendChild(new HtmlInline(
                $"<a class=\"heading-anchor\" href=\"#{Html(id)}\" aria-labelledby=\"{Html(id)}\">#</a>"));
        }
    }

    internal static string PlainText(ContainerInline inline)
    {
        var text = new StringBuilder();
        foreach (var child in inline.Descendants())
        {
            switch (child)
            {
                case LiteralInline literal:
                    text.Append(literal.Content.ToString());
                    break;
                case CodeInline code:
                    text.Append(code.Content);
                    break;
                case LineBreakInline:
                    text.Append(' ');
                    break;
            }
        }
        return text.ToString().Trim();
    }

    private static string Render(MarkdownObject node, MarkdownPipeline pipeline)
    {
        if (node is MarkdownDocument document)
        {
            // A whole document renders with the pipeline's own pooled renderer and buffer: a new
            // renderer and its growing buffer were about 3 % of the bytes a comment's post allocated.
            return Markdown.ToHtml(document, pipeline);
        }
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        var renderer = new HtmlRenderer(writer);
        pipeline.Setup(renderer);
        if (node is CustomContainer container)
        {
            // The section's own heading and frame come from the page; only its content is stored.
            renderer.WriteChildren(container);
        }
        else
        {
            renderer.Render(node);
        }
        writer.Flush();
        return writer.ToString();
    }

    internal static string Html(string text) => text
        .Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal)
        .Replace("\"", "&quot;", StringComparison.Ordinal);

    [GeneratedRegex("""title\s*=\s*(?:"(?<t>[^"]*)"|'(?<t>[^']*)')""")]
    private static partial Regex TitleArgument();

    internal static string? CaptionOf(string? arguments)
    {
        if (string.IsNullOrWhiteSpace(arguments))
        {
            return null;
        }
        var match = TitleArgument().Match(arguments);
        return match.Success ? match.Groups["t"].Value.Trim() : null;
    }
}

/// Fenced code renders as a figure: caption "Title · language", a copy button (shown by
/// wwwroot/js/code-copy.js), and code highlighted here on the server.
internal sealed class CaptionedCodeExtension : IMarkdownExtension
{
    public void Setup(MarkdownPipelineBuilder pipeline)
    {
    }

    public void Setup(MarkdownPipeline pipeline, IMarkdownRenderer renderer)
    {
        if (renderer is HtmlRenderer html)
        {
            html.ObjectRenderers.ReplaceOrAdd<CodeBlockRenderer>(new CaptionedCodeRenderer());
        }
    }
}

internal sealed class CaptionedCodeRenderer : HtmlObjectRenderer<CodeBlock>
{
    protected override void Write(HtmlRenderer renderer, CodeBlock obj)
    {
        var language = "";
        string? caption = null;
        if (obj is FencedCodeBlock fenced)
        {
            language = (fenced.Info ?? "").Trim().ToLowerInvariant();
            caption = LessonMarkdown.CaptionOf(fenced.Arguments);
        }
        var code = obj.Lines.ToString().TrimEnd('\n', '\r');

        renderer.EnsureLine();
        renderer.Write("<figure class=\"code-block\">");
        renderer.Write("<figcaption>");
        if (!string.IsNullOrEmpty(caption))
        {
            renderer.Write("<span class=\"code-caption\">").Write(LessonMarkdown.Html(caption)).Write("</span>");
            if (language.Length > 0)
            {
                renderer.Write(" · ");
            }
        }
        if (language.Length > 0)
        {
            renderer.Write("<span class=\"code-lang\">").Write(LessonMarkdown.Html(language)).Write("</span>");
        }
        // No words here: the stored lesson HTML is the same in every interface language, and
        // code-copy.js labels the button from the page's messages when it shows it.
        renderer.Write("<button type=\"button\" class=\"code-copy\" hidden></button>");
        renderer.Write("</figcaption>");
        var languageClass = language.Length > 0 ? $" class=\"language-{LessonMarkdown.Html(language)}\"" : "";
        // Focusable: a block wider than the screen scrolls, and keyboard users must be able to scroll it.
        renderer.Write($"<pre tabindex=\"0\"><code{languageClass}>").Write(CodeHighlighter.Highlight(code, language)).Write("</code></pre>");
        renderer.Write("</figure>");
        renderer.WriteLine();
    }
}
