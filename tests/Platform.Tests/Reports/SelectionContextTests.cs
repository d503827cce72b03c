using Platform.Web.Features.Reports;

namespace Platform.Tests.Reports;

public sealed class SelectionContextTests
{
    private const string Html =
        "<h2 id=\"a\">들어가며</h2>\n<p>첫 문단이야.</p>\n<p>LoRA는 <strong>적은 파라미터</strong>만 학습해. 그래서 &amp; 빨라.</p>\n" +
        "<ul>\n<li>항목 <code>r=8</code> 이야</li>\n</ul>";

    [Fact]
    public void A_selection_inside_inline_markup_is_found_in_its_paragraph()
    {
        var found = SelectionContext.Find(Html, "적은 파라미터만 학습해");

        Assert.Equal(new SelectionContext("LoRA는 ", "적은 파라미터만 학습해", ". 그래서 & 빨라."), found);
    }

    [Fact]
    public void A_selection_across_paragraphs_is_placed_by_its_longest_line()
    {
        var found = SelectionContext.Find(Html, "첫 문단이야.\n\nLoRA는 적은 파라미터만 학습해.");

        Assert.Equal("LoRA는 적은 파라미터만 학습해.", found!.Match);
        Assert.Equal(" 그래서 & 빨라.", found.After);
    }

    [Fact]
    public void Whitespace_differences_do_not_matter_and_text_not_in_the_revision_gives_nothing()
    {
        Assert.Equal("항목 r=8 이야", SelectionContext.Find(Html, "  항목\n r=8   이야 ")!.Match);
        Assert.Null(SelectionContext.Find(Html, "어디에도 없는 문장"));
        Assert.Null(SelectionContext.Find(Html, "   "));
    }
}
