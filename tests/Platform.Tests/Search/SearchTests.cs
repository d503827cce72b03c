using System.Net;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using Platform.Tests.Infrastructure;
using Platform.Tests.Lessons;

namespace Platform.Tests.Search;

/// A course written for searching: Korean words with particles, mixed Korean and English, an
/// English lesson, markup-like text in code, and a draft that must never show.
public sealed class SearchFactory : PlatformFactory
{
    private const string Ending = "\n\n::: links\n- [문서](https://example.org/docs)\n:::\n\n::: exercise\n직접 해 봐.\n:::\n";

    private readonly ContentFolder _content = new();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _content.Course("ft", "파인튜닝", ("start", "출발"));
        _content.Lesson("ft", "start", "models", 1, title: "Base와 Instruct 모델", tags: ["base-model"], body: """
            두 출발점을 비교해.

            ## 두 가지 출발점

            오픈 웨이트 모델을 고를 때는 두 가지가 있어.

            ## 고르는 법

            특별한 이유 없으면 Instruct로 시작해.
            """ + Ending);
        _content.Lesson("ft", "start", "datasets", 2, title: "데이터 준비", tags: ["data"], body: """
            ## 형식

            대화 데이터셋으로 학습해. 모델 출력은 나중에 봐.

            ## 정리

            `<b>굵게</b>` 같은 태그가 섞인 줄은 지워.
            """ + Ending);
        _content.Lesson("ft", "start", "lora-rates", 3, title: "LoRA 하이퍼파라미터", tags: ["lora"], body: """
            ## 순위

            rank는 8이나 16으로 시작해.

            ## 학습률 고르기

            보통 2e-4에서 출발해.
            """ + Ending);
        _content.Lesson("ft", "start", "lora-intro", 4, title: "LoRA 소개", tags: ["lora"], body: """
            ## 개념

            어댑터만 학습해서 메모리를 아껴.
            """ + Ending);
        _content.Lesson("ft", "start", "judge", 5, title: "Evaluation with an LLM Judge", tags: ["eval"], body: """
            ## Scoring

            The JUDGE reads both answers and picks one.
            """ + Ending);
        _content.Lesson("ft", "start", "secret", 6, title: "준비 중인 모델 레슨", status: "draft", body: "## 초안\n\n비밀 모델 이야기." + Ending);
        _ = Services;
        _content.Dispose();
    }

    protected override IEnumerable<(string Key, string Value)> Settings() =>
    [
        ("Platform:ImportContentOnStart", "true"),
        ("Platform:ContentPath", _content.Root),
    ];
}

public sealed class SearchTests(SearchFactory factory) : IClassFixture<SearchFactory>
{
    private static string Href(IElement hit) => WebUtility.UrlDecode(hit.QuerySelector(".search-hit-title a")!.GetAttribute("href")!);

    private async Task<IReadOnlyList<IElement>> HitsAsync(string query, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var client = factory.CreateClient();
        var page = await client.GetDocumentAsync("/search?q=" + Uri.EscapeDataString(query), expected);
        return page.QuerySelectorAll(".search-hit").ToList();
    }

    [Fact]
    public async Task A_two_syllable_word_finds_every_lesson_using_it_the_titled_one_first_and_never_a_draft()
    {
        var hits = await HitsAsync("모델");

        Assert.Equal(["/courses/ft/models", "/courses/ft/datasets"], hits.Select(h => Href(h).Split('#')[0]));
        Assert.Contains("<mark>모델</mark>", hits[0].QuerySelector(".search-hit-passage")!.InnerHtml, StringComparison.Ordinal);
        Assert.DoesNotContain(hits, h => h.TextContent.Contains("준비 중인", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Words_with_particles_attached_find_their_stem_and_link_to_the_section()
    {
        var withObject = await HitsAsync("모델을");
        Assert.Equal("/courses/ft/models", Href(withObject[0]).Split('#')[0]);

        var withInstrumental = await HitsAsync("데이터셋으로");
        var hit = Assert.Single(withInstrumental);
        Assert.Equal("/courses/ft/datasets#형식", Href(hit));
        Assert.Contains("<mark>데이터셋</mark>으로", hit.QuerySelector(".search-hit-passage")!.InnerHtml, StringComparison.Ordinal);

        // The stem alone finds the word as the lesson wrote it, particle and all.
        Assert.Equal("/courses/ft/datasets#형식", Href(Assert.Single(await HitsAsync("데이터셋"))));
    }

    [Fact]
    public async Task Mixed_korean_and_english_needs_every_word_and_lands_on_the_section()
    {
        var hits = await HitsAsync("LoRA 학습률");

        var hit = Assert.Single(hits);
        Assert.Equal("/courses/ft/lora-rates#학습률-고르기", Href(hit));
        Assert.Contains("<mark>학습률</mark>", hit.QuerySelector(".search-hit-title")!.InnerHtml, StringComparison.Ordinal);
        Assert.Equal(2, (await HitsAsync("lora")).Count);
    }

    [Fact]
    public async Task English_matches_whatever_the_case()
    {
        Assert.Equal("/courses/ft/judge#scoring", Href(Assert.Single(await HitsAsync("judge"))));
        Assert.Equal("/courses/ft/judge", Href(Assert.Single(await HitsAsync("EVALUATION"))).Split('#')[0]);
        Assert.Contains("<mark>JUDGE</mark>", (await HitsAsync("Judge"))[0].InnerHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_misspelt_title_word_still_finds_the_lesson_by_trigrams()
    {
        var hits = await HitsAsync("evaluaton");

        Assert.Equal("/courses/ft/judge", Href(Assert.Single(hits)).Split('#')[0]);
        // Two letters swapped: below pg_trgm's default threshold, above the search's own.
        Assert.Equal("/courses/ft/judge", Href(Assert.Single(await HitsAsync("evaulation"))).Split('#')[0]);
    }

    [Fact]
    public async Task A_repeated_search_costs_no_round_trip_until_the_catalog_changes()
    {
        using var roundTrips = new DatabaseRoundTrips();
        using var client = factory.CreateClient();
        var (_, first) = await roundTrips.GetAsync(client, "/search?q=" + Uri.EscapeDataString("어댑터"));
        Assert.NotEmpty(first);

        // The same stem with a particle attached is the same search.
        var (again, statements) = await roundTrips.GetAsync(client, "/search?q=" + Uri.EscapeDataString("어댑터를"));
        Assert.Empty(statements);
        Assert.Contains("/courses/ft/lora-intro", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A change the database announces (here, the lesson withdrawn to a draft) is searched afresh.
        await using var db = factory.CreateDbContext();
        await db.Database.ExecuteSqlRawAsync("UPDATE lessons SET status = 'Draft' WHERE slug = 'lora-intro'");
        try
        {
            var withdrawn = false;
            for (var attempt = 0; attempt < 50 && !withdrawn; attempt++)
            {
                withdrawn = (await HitsAsync("어댑터")).Count == 0;
                if (!withdrawn)
                {
                    await Task.Delay(100);
                }
            }
            Assert.True(withdrawn, "The withdrawn lesson was still found 5 s after the change.");
        }
        finally
        {
            await db.Database.ExecuteSqlRawAsync("UPDATE lessons SET status = 'Published' WHERE slug = 'lora-intro'");
        }
        for (var attempt = 0; attempt < 50 && (await HitsAsync("어댑터")).Count == 0; attempt++)
        {
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Words_spread_over_a_lessons_sections_find_it_and_link_to_one_of_those_sections()
    {
        // "오픈" is in one section and "특별한" in the next: no single section has both.
        var hit = Assert.Single(await HitsAsync("오픈 특별한"));

        Assert.StartsWith("/courses/ft/models#", Href(hit), StringComparison.Ordinal);
        Assert.Contains("<mark>", hit.QuerySelector(".search-hit-passage")!.InnerHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lesson_text_that_looks_like_markup_is_shown_escaped()
    {
        using var client = factory.CreateClient();
        var html = await (await client.GetAsync("/search?q=" + Uri.EscapeDataString("굵게"))).Content.ReadAsStringAsync();

        Assert.Contains("&lt;b&gt;<mark>굵게</mark>&lt;/b&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", HttpStatusCode.OK, "찾을 말을 입력해 주세요")]
    [InlineData("   ", HttpStatusCode.OK, "찾을 말을 입력해 주세요")]
    [InlineData("?!.,:;*&|()'\"<>", HttpStatusCode.OK, "검색어에 글자나 숫자가 없어요")]
    [InlineData("모델 & | ! :* <script>", HttpStatusCode.OK, "맞는 레슨")]
    [InlineData("없는낱말입니다", HttpStatusCode.OK, "맞는 레슨이 없어요")]
    public async Task Odd_queries_get_a_clear_page(string query, HttpStatusCode status, string message)
    {
        using var client = factory.CreateClient();
        var page = await client.GetDocumentAsync("/search?q=" + Uri.EscapeDataString(query), status);

        Assert.Contains(message, page.QuerySelector(".search-message")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_thousand_character_query_is_refused_with_a_message()
    {
        using var client = factory.CreateClient();
        var page = await client.GetDocumentAsync("/search?q=" + new string('모', 1000), HttpStatusCode.BadRequest);

        Assert.Contains("검색어가 너무 길어요", page.QuerySelector(".search-message")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(page.QuerySelectorAll(".search-hit"));
    }

    [Fact]
    public async Task Every_page_has_a_search_box_in_the_header()
    {
        using var client = factory.CreateClient();
        foreach (var url in new[] { "/", "/courses/ft", "/courses/ft/models", "/search" })
        {
            var page = await client.GetDocumentAsync(url);
            var form = page.QuerySelector(".site-header form[role=search]")!;
            Assert.Equal("/search", form.GetAttribute("action"));
            Assert.NotNull(form.QuerySelector("input[type=search][name=q]"));
        }
    }
}
