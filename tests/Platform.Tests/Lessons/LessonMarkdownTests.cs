using AngleSharp.Html.Parser;
using Platform.Web.Features.Lessons;

namespace Platform.Tests.Lessons;

public sealed class LessonMarkdownTests
{
    private static readonly LessonMarkdown Markdown = new("http://localhost:5080");
    private static readonly HtmlParser Parser = new();

    private static AngleSharp.Dom.IElement Body(string markdown) =>
        Parser.ParseDocument("<div id=\"root\">" + Markdown.RenderLesson(markdown).BodyHtml + "</div>").QuerySelector("#root")!;

    [Fact]
    public void A_pipe_table_renders_as_an_html_table()
    {
        var body = Body("""
            | 출발 | 적합한 경우 |
            |---|---|
            | Instruct | 대부분 프로젝트 |
            """);

        var table = body.QuerySelector("table")!;
        Assert.Equal(["출발", "적합한 경우"], table.QuerySelectorAll("th").Select(th => th.TextContent));
        Assert.Equal(["Instruct", "대부분 프로젝트"], table.QuerySelectorAll("td").Select(td => td.TextContent));
    }

    [Fact]
    public void A_captioned_code_block_shows_its_caption_and_language_with_a_copy_button()
    {
        var body = Body("""
            ```python title="Loading either flavor with the same call"
            import torch
            ```
            """);

        var figure = body.QuerySelector("figure.code-block")!;
        Assert.Equal("Loading either flavor with the same call · python", figure.QuerySelector("figcaption")!.TextContent.Replace("복사", "", StringComparison.Ordinal).Trim());
        Assert.NotNull(figure.QuerySelector("figcaption button.code-copy[type=button]"));
        Assert.Equal("import torch", figure.QuerySelector("pre code.language-python")!.TextContent);
    }

    [Fact]
    public void Code_is_highlighted_on_the_server()
    {
        var html = Markdown.RenderLesson("""
            ```python title="x"
            from transformers import AutoTokenizer  # 토크나이저
            tok = AutoTokenizer.from_pretrained("Qwen/Qwen2.5-0.5B", use_fast=True)
            ```
            """).BodyHtml;

        Assert.Contains("<span class=\"tok-keyword\">from</span>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"tok-comment\"># 토크나이저</span>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"tok-string\">&quot;Qwen/Qwen2.5-0.5B&quot;</span>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"tok-keyword\">True</span>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Code_in_a_language_without_a_highlighter_is_escaped_plain_text()
    {
        var body = Body("""
            ```text title="템플릿"
            <s>[INST] 안녕? [/INST]
            ```
            """);

        var code = body.QuerySelector("pre code")!;
        Assert.Equal("<s>[INST] 안녕? [/INST]", code.TextContent);
        Assert.Empty(code.Children);
    }

    [Fact]
    public void Headings_get_anchors_and_a_table_of_contents()
    {
        var rendered = Markdown.RenderLesson("""
            ## 두 가지 출발점

            본문.

            ### Base 모델

            본문.

            ## 기본 추천
            """);
        var body = Parser.ParseDocument(rendered.BodyHtml);
        var toc = Parser.ParseDocument(rendered.TocHtml);

        var heading = body.QuerySelector("h2")!;
        Assert.Equal("두-가지-출발점", heading.Id);
        Assert.Equal("#두-가지-출발점", heading.QuerySelector("a.heading-anchor")!.GetAttribute("href"));
        Assert.Equal(
            [("#두-가지-출발점", "두 가지 출발점"), ("#base-모델", "Base 모델"), ("#기본-추천", "기본 추천")],
            toc.QuerySelectorAll("a").Select(a => (a.GetAttribute("href"), a.TextContent)));
        Assert.NotNull(toc.QuerySelector("ol.toc-list > li > ol > li > a[href='#base-모델']"));
    }

    [Fact]
    public void External_links_open_in_a_new_tab_with_noopener_and_a_mark_but_local_links_do_not()
    {
        var body = Body("[Hub](https://huggingface.co/models) 와 [다음 레슨](/courses/fine-tuning/tokenizers) 와 [여기](http://localhost:5080/tags/lora)");

        var external = body.QuerySelector("a[href='https://huggingface.co/models']")!;
        Assert.Equal("_blank", external.GetAttribute("target"));
        Assert.Equal("noopener", external.GetAttribute("rel"));
        Assert.Contains("external", external.ClassList);
        Assert.Equal("Hub↗", external.TextContent);
        foreach (var local in new[] { "/courses/fine-tuning/tokenizers", "http://localhost:5080/tags/lora" })
        {
            var link = body.QuerySelector($"a[href='{local}']")!;
            Assert.Null(link.GetAttribute("target"));
            Assert.DoesNotContain("↗", link.TextContent, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Links_and_exercise_containers_become_their_own_sections()
    {
        var rendered = Markdown.RenderLesson("""
            ## 본문

            내용.

            ::: links
            - [Transformers 문서](https://huggingface.co/docs/transformers)
            :::

            ::: exercise
            모델 패밀리 하나를 **골라** 봐.
            :::
            """);

        Assert.DoesNotContain("Transformers 문서", rendered.BodyHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("골라", rendered.BodyHtml, StringComparison.Ordinal);
        var links = Parser.ParseDocument(rendered.LinksHtml!);
        Assert.Equal("noopener", links.QuerySelector("li a")!.GetAttribute("rel"));
        var exercise = Parser.ParseDocument(rendered.ExerciseHtml!);
        Assert.Equal("모델 패밀리 하나를 골라 봐.", exercise.QuerySelector("p")!.TextContent);
        Assert.Equal("골라", exercise.QuerySelector("strong")!.TextContent);
    }
}
