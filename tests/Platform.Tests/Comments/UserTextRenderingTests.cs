using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Platform.Web.Features.Comments;
using Platform.Web.Features.Lessons;

namespace Platform.Tests.Comments;

public sealed class UserTextRenderingTests
{
    private static readonly LessonMarkdown Markdown = new("http://localhost:5080");
    private static readonly HtmlParser Parser = new();
    private static readonly string[] AllowedSchemes = ["http", "https", "mailto"];

    private static IElement Render(string markdown) =>
        Parser.ParseDocument("<div id=\"root\">" + Markdown.RenderUserText(markdown) + "</div>").QuerySelector("#root")!;

    public static TheoryData<string> XssCorpus => new()
    {
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        "<img src=x onerror=alert(1)>",
        "<svg onload=alert(1)>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "<div style=\"background:url(javascript:alert(1))\">x</div>",
        "<body onload=alert(1)>",
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click]( javascript:alert(1) )",
        "[click](<javascript:alert(1)>)",
        "[click](java\tscript:alert(1))",
        "[click](&#106;avascript:alert(1))",
        "[click](&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1))",
        "[click](javascript&colon;alert(1))",
        "[click](jav&#x09;ascript:alert(1))",
        "[click](&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1))",
        "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[click](DATA:text/html,<script>alert(1)</script>)",
        "[click](vbscript:msgbox(1))",
        "[click](VBScript:msgbox(1))",
        "[click](file:///etc/passwd)",
        "[click](//evil.example/phish)",
        "[click](javascript:alert(1) \"title\")",
        "[ref]\n\n[ref]: javascript:alert(1)",
        "[ref]\n\n[ref]: data:text/html,<script>alert(1)</script>",
        "<javascript:alert(1)>",
        "<JAVASCRIPT:alert(1)>",
        "<vbscript:msgbox(1)>",
        "<data:text/html,alert(1)>",
        "![x](javascript:alert(1))",
        "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
        "![x](https://tracker.example/pixel.gif \"t\")",
        "![x\" onerror=\"alert(1)](https://example.org/a.png)",
        "[x](https://example.org/\" onmouseover=\"alert(1))",
        "[x](https://example.org/\"onmouseover=alert(1)//)",
        "**<img src=x onerror=alert(1)>**",
        "`<script>alert(1)</script>`",
        "```html\n<script>alert(1)</script>\n```",
        "```js title=\"\\\" onmouseover=\\\"alert(1)\"\nx\n```",
        "> <script>alert(1)</script>",
        "- [a](javascript:alert(1))\n- <b onclick=alert(1)>b</b>",
        "[![img](javascript:alert(1))](javascript:alert(2))",
        "<a href=\"x\" onclick=\"alert(1)\">x</a>",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "www.example.org/javascript:alert(1)",
        "http://example.org/<script>alert(1)</script>",
        "<http://example.org/\" onclick=\"alert(1)>",
    };

    [Theory]
    [MemberData(nameof(XssCorpus))]
    public void Hostile_markdown_renders_with_no_script_no_event_attribute_and_no_unsafe_url(string payload)
    {
        var root = Render(payload);

        Assert.Empty(root.QuerySelectorAll("script, iframe, object, embed, svg, style, img, form, input, base, meta, link"));
        foreach (var element in root.QuerySelectorAll("*"))
        {
            Assert.DoesNotContain(element.Attributes, a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase));
            Assert.Null(element.GetAttribute("style"));
            foreach (var name in new[] { "href", "src", "action", "formaction", "xlink:href" })
            {
                if (element.GetAttribute(name) is { } url)
                {
                    Assert.True(IsSafe(url), $"{element.TagName} {name}=\"{url}\" from {payload}");
                }
            }
        }
    }

    [Fact]
    public void The_corpus_has_at_least_thirty_payloads() => Assert.True(XssCorpus.Count >= 30);

    [Fact]
    public void A_link_with_a_refused_scheme_keeps_its_text_without_the_link()
    {
        var root = Render("보세요: [여기](javascript:alert(1)) 그리고 <javascript:alert(2)>");

        Assert.Empty(root.QuerySelectorAll("a"));
        Assert.Contains("여기", root.TextContent, StringComparison.Ordinal);
        Assert.Contains("javascript:alert(2)", root.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Links_are_marked_nofollow_ugc_noopener_and_external_ones_open_a_new_tab()
    {
        var root = Render("[문서](https://huggingface.co/docs) 와 <https://example.org/a> 와 www.example.com 와 <me@example.com> 와 [레슨](/courses/a/b)");

        var links = root.QuerySelectorAll("a").ToList();
        Assert.Equal(["https://huggingface.co/docs", "https://example.org/a", "http://www.example.com", "mailto:me@example.com", "/courses/a/b"],
            links.Select(a => a.GetAttribute("href")));
        Assert.All(links, a => Assert.Equal("nofollow ugc noopener", a.GetAttribute("rel")));
        Assert.Equal("_blank", links[0].GetAttribute("target"));
        Assert.Null(links[4].GetAttribute("target"));
    }

    [Fact]
    public void An_image_becomes_a_link_to_it_so_nothing_loads_unasked()
    {
        var root = Render("![학습 곡선](https://example.org/loss.png)");

        Assert.Empty(root.QuerySelectorAll("img"));
        var link = root.QuerySelector("a.image-link")!;
        Assert.Equal("https://example.org/loss.png", link.GetAttribute("href"));
        Assert.Equal("학습 곡선", link.TextContent);
    }

    [Theory]
    [InlineData("![](https://example.org/charts/loss%20curve.png?v=2)", "loss curve.png")]
    [InlineData("![](https://example.org/)", "example.org")]
    [InlineData("![](/images/plot.svg)", "plot.svg")]
    public void An_image_without_a_description_is_named_by_its_file_in_no_language(string markdown, string name)
    {
        var link = Render(markdown).QuerySelector("a.image-link")!;
        Assert.Equal(name, link.TextContent);
    }

    [Fact]
    public void Emphasis_lists_quotes_and_code_render_but_headings_and_raw_html_stay_text()
    {
        var root = Render("# 제목 아님\n\n**굵게** 와 `코드`\n\n- 하나\n- 둘\n\n> 인용\n\n<b>굵게?</b>");

        Assert.Empty(root.QuerySelectorAll("h1, h2, b"));
        Assert.Equal("굵게", root.QuerySelector("strong")!.TextContent);
        Assert.Equal("코드", root.QuerySelector("code")!.TextContent);
        Assert.Equal(2, root.QuerySelectorAll("li").Length);
        Assert.NotNull(root.QuerySelector("blockquote"));
        Assert.Contains("<b>굵게?</b>", root.TextContent, StringComparison.Ordinal);
        Assert.Contains("# 제목 아님", root.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Comment_text_loses_control_characters_and_direction_overrides_and_is_trimmed()
    {
        Assert.Equal("a\nb\tc d", CommentText.Normalize("  a\r\nb\tc\u0000 \u202Ed\u0007  \n"));
        Assert.Equal(CommentText.EmptyMessage, CommentText.Problem(CommentText.Normalize(" \u0001\n ")));
        Assert.Null(CommentText.Problem(new string('가', 4000)));
        Assert.Equal(CommentText.TooLongMessage, CommentText.Problem(new string('가', 4001)));
    }

    private static bool IsSafe(string url)
    {
        var trimmed = new string(url.Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c)).ToArray());
        var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
        var delimiter = trimmed.IndexOfAny(['/', '?', '#']);
        if (colon < 0 || (delimiter >= 0 && delimiter < colon))
        {
            return !trimmed.StartsWith("//", StringComparison.Ordinal);
        }
        return AllowedSchemes.Contains(trimmed[..colon].ToLowerInvariant());
    }
}
