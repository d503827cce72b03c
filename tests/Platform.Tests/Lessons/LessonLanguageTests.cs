using System.Net;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Lessons;

/// A course with one lesson written in Korean (the default) and one written in English.
public sealed class LessonLanguageFactory : PlatformFactory
{
    private readonly ContentFolder _content = new();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _content.Course("mixed", "섞인 강좌", ("start", "출발"));
        _content.Lesson("mixed", "start", "korean", 1, title: "한국어 레슨");
        _content.Write("mixed/start/02-english.md", ContentFolder.LessonText(
            "english", "start", 2, "An English lesson", 5, ["demo"], "published", ContentFolder.Body("english"))
            .Replace("status: published", "status: published\nlang: en", StringComparison.Ordinal));
        _ = Services;
        _content.Dispose();
    }

    protected override IEnumerable<(string Key, string Value)> Settings() =>
    [
        ("Platform:ImportContentOnStart", "true"),
        ("Platform:ContentPath", _content.Root),
    ];
}

public sealed class LessonLanguageTests(LessonLanguageFactory factory) : IClassFixture<LessonLanguageFactory>
{
    private async Task<AngleSharp.Dom.IDocument> PageAsync(string path, string? language)
    {
        using var client = factory.CreateClient();
        if (language is not null)
        {
            client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        }
        return await client.GetDocumentAsync(path, HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_lesson_in_the_other_language_says_so_and_marks_its_text_with_its_language()
    {
        var english = await PageAsync("/courses/mixed/english", language: null);
        Assert.Contains("영어로 쓰였어요", english.QuerySelector("#lesson-language")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("en", english.QuerySelector(".lesson-body")!.GetAttribute("lang"));
        Assert.Equal("en", english.QuerySelector(".lesson h1")!.GetAttribute("lang"));

        var korean = await PageAsync("/courses/mixed/korean", language: "en");
        Assert.Equal("This lesson is written in Korean; only the rest of the site follows the language you chose.",
            korean.QuerySelector("#lesson-language")!.TextContent.Trim());
        Assert.Equal("ko", korean.QuerySelector(".lesson-body")!.GetAttribute("lang"));
    }

    [Fact]
    public async Task A_lesson_in_the_interface_language_has_no_notice()
    {
        Assert.Null((await PageAsync("/courses/mixed/korean", language: null)).QuerySelector("#lesson-language"));
        Assert.Null((await PageAsync("/courses/mixed/english", language: "en")).QuerySelector("#lesson-language"));
    }
}
