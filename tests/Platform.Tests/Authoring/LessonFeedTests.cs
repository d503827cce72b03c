using System.Xml.Linq;
using Platform.Tests.Infrastructure;
using Platform.Tests.Lessons;

namespace Platform.Tests.Authoring;

public sealed class LessonFeedTests(AuthoringFactory factory) : IClassFixture<AuthoringFactory>
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    [Fact]
    public async Task The_feed_lists_published_lessons_and_shows_a_revised_lesson_first_as_a_new_entry()
    {
        using var client = factory.CreateClient();
        var before = await ReadFeedAsync(client);
        Assert.Equal(3, before.Count);
        Assert.Contains(before, e => e.Link == "http://localhost:5080/courses/demo/second" && e.Title == "두 번째 걸음");

        factory.Content.Lesson("demo", "basics", "second", 2, title: "두 번째 걸음", body: ContentFolder.Body("second", "고친 문단."));
        factory.Content.Lesson("demo", "basics", "hidden", 3, title: "초안", status: "draft");
        await factory.ReimportAsync();

        var after = await ReadFeedAsync(client);
        Assert.Equal(3, after.Count);
        var first = after[0];
        Assert.Equal(("두 번째 걸음 (개정 2)", "http://localhost:5080/courses/demo/second"), (first.Title, first.Link));
        Assert.NotEqual(before.Single(e => e.Link == first.Link).Id, first.Id);
        Assert.True(first.Updated > first.Published, "A revision is newer than the lesson's first publication.");
        Assert.DoesNotContain(after, e => e.Link.EndsWith("/hidden", StringComparison.Ordinal));

        // The feed's own words in the reader's language; the lesson titles as written.
        using var english = new HttpRequestMessage(HttpMethod.Get, "/feed.xml");
        english.Headers.Add("Accept-Language", "en");
        var response = await client.SendAsync(english);
        Assert.Contains("Accept-Language", response.Headers.Vary);
        var feed = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!;
        Assert.Equal("en", feed.Attribute(XNamespace.Xml + "lang")!.Value);
        Assert.EndsWith("New lessons and revisions", feed.Element(Atom + "title")!.Value, StringComparison.Ordinal);
        Assert.Contains(feed.Elements(Atom + "entry"), e => e.Element(Atom + "title")!.Value == "두 번째 걸음 (revision 2)");
    }

    [Fact]
    public async Task Every_page_points_feed_readers_at_the_feed()
    {
        using var client = factory.CreateClient();
        foreach (var url in new[] { "/", "/courses/demo", "/courses/demo/intro" })
        {
            var page = await client.GetDocumentAsync(url);
            var link = page.QuerySelector("head link[rel=alternate][type='application/atom+xml']");
            Assert.Equal("/feed.xml", link?.GetAttribute("href"));
        }
    }

    private static async Task<List<(string Title, string Id, string Link, DateTimeOffset Published, DateTimeOffset Updated)>> ReadFeedAsync(HttpClient client)
    {
        var response = await client.GetAsync("/feed.xml");
        Assert.Equal("application/atom+xml; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        var feed = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!;
        Assert.Equal(Atom + "feed", feed.Name);
        Assert.Equal("http://localhost:5080/feed.xml", feed.Element(Atom + "id")!.Value);
        return feed.Elements(Atom + "entry").Select(e => (
            e.Element(Atom + "title")!.Value,
            e.Element(Atom + "id")!.Value,
            e.Element(Atom + "link")!.Attribute("href")!.Value,
            DateTimeOffset.Parse(e.Element(Atom + "published")!.Value, System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(e.Element(Atom + "updated")!.Value, System.Globalization.CultureInfo.InvariantCulture))).ToList();
    }
}
