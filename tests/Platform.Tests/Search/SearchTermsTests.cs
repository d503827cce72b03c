using Platform.Web.Features.Lessons.Search;

namespace Platform.Tests.Search;

public sealed class SearchTermsTests
{
    [Theory]
    [InlineData("tokenizer", "tokenizer", 0)]
    [InlineData("tokenzier", "tokenizer", 1)]
    [InlineData("tokenzier", "token", 4)]
    [InlineData("데이타셋", "데이터셋", 1)]
    [InlineData("", "lora", 4)]
    [InlineData("qlora", "lora", 1)]
    public void Edit_distance_counts_inserts_deletes_replacements_and_swaps(string a, string b, int expected)
    {
        Assert.Equal(expected, SearchTerms.EditDistance(a, b));
        Assert.Equal(expected, SearchTerms.EditDistance(b, a));
    }

    [Theory]
    [InlineData("데이터셋으로", "데이터셋")]
    [InlineData("모델을", "모델")]
    [InlineData("평가", "평가")]
    [InlineData("LoRA로", "lora")]
    public void A_query_word_loses_its_particle_and_case(string query, string stem) =>
        Assert.Equal(stem, SearchTerms.QueryStems(query)[0]);

    [Fact]
    public void A_tsquery_requires_every_stem_as_a_prefix_or_any_of_them()
    {
        Assert.Equal("'lora':* & '학습률':*", SearchTerms.TsQuery(["lora", "학습률"]));
        Assert.Equal("'lora':* | '학습률':*", SearchTerms.TsQuery(["lora", "학습률"], " | "));
    }
}
