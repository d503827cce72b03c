using System.Globalization;
using System.Xml;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Web.Infrastructure.Data;
using Platform.Web.Infrastructure.Hosting;
using Platform.Web.Infrastructure.Localization;

namespace Platform.Web.Features.Lessons;

/// /feed.xml: an Atom feed of published lessons, newest revision first. An entry's `updated` is
/// when its current revision was imported and `published` when its first one was, so a feed
/// reader shows a revised lesson again.
internal static class LessonFeed
{
    public const string Path = "/feed.xml";
    public const int MaxEntries = 50;
    private const string Atom = "http://www.w3.org/2005/Atom";

    public static async Task RenderAsync(HttpContext context, PlatformDbContext db, IOptions<SiteOptions> site)
    {
        var ct = context.RequestAborted;
        var baseUrl = site.Value.PublicUrl.TrimEnd('/');
        var entries = await (
            from l in db.Lessons.AsNoTracking().Published()
            join r in db.LessonRevisions on new { LessonId = l.Id, Number = l.RevisionNumber } equals new { r.LessonId, r.Number }
            orderby r.ImportedAt descending, l.Id
            select new
            {
                l.Id,
                Key = new LessonKey(l.Course.Slug, l.Slug),
                CourseTitle = l.Course.Title,
                l.Title,
                l.Summary,
                r.Number,
                Updated = r.ImportedAt,
                Published = l.Revisions.Min(x => x.ImportedAt),
            })
            .Take(MaxEntries)
            .ToListAsync(ct);

        context.Response.Headers.CacheControl = "public, max-age=300";
        // The feed's own words follow the reader's language (the lessons stay as written), so a
        // shared cache keeps one copy per language.
        context.Response.Headers.Vary = "Accept-Language, Cookie";
        await XmlResponse.WriteAsync(context, "application/atom+xml; charset=utf-8", async writer =>
        {
            await writer.WriteStartElementAsync(null, "feed", Atom);
            await writer.WriteAttributeStringAsync("xml", "lang", null, Languages.Current);
            await writer.WriteElementStringAsync(null, "title", Atom, $"{site.Value.SiteName} · {Localized.Text<SharedText>("Site.FeedTitle")}");
            await writer.WriteElementStringAsync(null, "id", Atom, baseUrl + Path);
            await WriteLinkAsync(writer, "self", baseUrl + Path);
            await WriteLinkAsync(writer, "alternate", baseUrl + "/");
            var feedUpdated = entries.Count > 0 ? entries[0].Updated : DateTimeOffset.UnixEpoch;
            await writer.WriteElementStringAsync(null, "updated", Atom, Timestamp(feedUpdated));
            await writer.WriteStartElementAsync(null, "author", Atom);
            await writer.WriteElementStringAsync(null, "name", Atom, site.Value.SiteName);
            await writer.WriteEndElementAsync();
            foreach (var entry in entries)
            {
                var url = baseUrl + entry.Key.Path;
                await writer.WriteStartElementAsync(null, "entry", Atom);
                await writer.WriteElementStringAsync(null, "title", Atom,
                    entry.Number > 1 ? Localized.Text<LessonsText>("Feed.Revised", entry.Title, entry.Number) : entry.Title);
                // One id per revision: a revised lesson is a new entry for feed readers.
                await writer.WriteElementStringAsync(null, "id", Atom, $"{url}#revision-{entry.Number}");
                await WriteLinkAsync(writer, "alternate", url);
                await writer.WriteElementStringAsync(null, "published", Atom, Timestamp(entry.Published));
                await writer.WriteElementStringAsync(null, "updated", Atom, Timestamp(entry.Updated));
                await writer.WriteStartElementAsync(null, "category", Atom);
                await writer.WriteAttributeStringAsync(null, "term", null, entry.Key.Course);
                await writer.WriteAttributeStringAsync(null, "label", null, entry.CourseTitle);
                await writer.WriteEndElementAsync();
                await writer.WriteElementStringAsync(null, "summary", Atom,
                    string.IsNullOrEmpty(entry.Summary) ? $"{entry.CourseTitle} — {entry.Title}" : entry.Summary);
                await writer.WriteEndElementAsync();
            }
            await writer.WriteEndElementAsync();
        });
    }

    private static async Task WriteLinkAsync(XmlWriter writer, string rel, string href)
    {
        await writer.WriteStartElementAsync(null, "link", Atom);
        await writer.WriteAttributeStringAsync(null, "rel", null, rel);
        await writer.WriteAttributeStringAsync(null, "href", null, href);
        await writer.WriteEndElementAsync();
    }

    private static string Timestamp(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
