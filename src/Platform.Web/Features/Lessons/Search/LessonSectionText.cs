using System.Text;
using Markdig.Extensions.CustomContainers;
using Markdig.Renderers.Html;
using Markdig.Syntax;

namespace Platform.Web.Features.Lessons.Search;

/// A lesson's text split where its headings are: the opening, then one part per level-2 or
/// level-3 heading (and the links and exercise sections, under the ids the lesson page gives
/// them). Code is represented by its caption.
public sealed record SectionText(string Anchor, string Heading, string Text);

internal static class LessonSectionText
{
    public static IReadOnlyList<SectionText> Of(MarkdownDocument document)
    {
        var sections = new List<SectionText>();
        var anchor = "";
        var heading = "";
        var text = new StringBuilder();

        void Start(string nextAnchor, string nextHeading)
        {
            var body = text.ToString().Trim();
            // The opening always counts: title, summary and tags match there.
            if (body.Length > 0 || heading.Length > 0 || anchor.Length == 0)
            {
                sections.Add(new SectionText(anchor, heading, body));
            }
            anchor = nextAnchor;
            heading = nextHeading;
            text.Clear();
        }

        foreach (var block in document)
        {
            if (block is HeadingBlock { Level: 2 or 3, Inline: not null } h && h.GetAttributes().Id is { Length: > 0 } id)
            {
                Start(id, LessonMarkdown.PlainText(h.Inline));
                continue;
            }
            if (block is CustomContainer container && container.Info?.Trim().ToLowerInvariant() is { } info
                && (info == LessonMarkdown.LinksContainer || info == LessonMarkdown.ExerciseContainer))
            {
                Start(info == LessonMarkdown.LinksContainer ? "external-links" : "exercise",
                    info == LessonMarkdown.LinksContainer ? "External links" : "Exercise");
            }
            AppendText(block, text);
        }
        Start("", "");
        return sections;
    }

    private static void AppendText(Block block, StringBuilder text)
    {
        IEnumerable<Block> leaves = block is ContainerBlock container ? container.Descendants<LeafBlock>() : [block];
        foreach (var leaf in leaves)
        {
            var piece = leaf switch
            {
                FencedCodeBlock code => LessonMarkdown.CaptionOf(code.Arguments),
                CodeBlock => null,
                LeafBlock { Inline: not null } withText => LessonMarkdown.PlainText(withText.Inline),
                _ => null,
            };
            if (!string.IsNullOrWhiteSpace(piece))
            {
                text.Append(piece.Trim()).Append(' ');
            }
        }
    }
}
