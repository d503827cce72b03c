using System.Xml;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Web.Infrastructure.Data;
using Platform.Web.Infrastructure.Hosting;

namespace Platform.Web.Features.Lessons;

/// /sitemap.xml: the catalog, each published course and each published lesson, as absolute URLs.
internal static class Sitemap
{
    private const string Namespace = "http://www.sitemaps.org/schemas/sitemap/0.9";

    public static async Task RenderAsync(HttpContext context, PlatformDbContext db, IOptions<SiteOptions> site)
    {
        var ct = context.RequestAborted;
        var baseUrl = site.Value.PublicUrl.TrimEnd('/');
        var courses = await db.Courses.AsNoTracking()
            .Where(c => c.IsPublished)
            .OrderBy(c => c.Slug)
            .Select(c => new { c.Slug, c.UpdatedAt })
            .ToListAsync(ct);
        var lessons = await db.Lessons.AsNoTracking().Published()
            .OrderBy(l => l.Course.Slug).ThenBy(l => l.Module.Position).ThenBy(l => l.Position)
            .Select(l => new { Key = new LessonKey(l.Course.Slug, l.Slug), l.UpdatedAt })
            .ToListAsync(ct);

        await XmlResponse.WriteAsync(context, "application/xml; charset=utf-8", async writer =>
        {
            await writer.WriteStartElementAsync(null, "urlset", Namespace);
            await WriteUrlAsync(writer, baseUrl + "/", null);
            foreach (var course in courses)
            {
                await WriteUrlAsync(writer, $"{baseUrl}/courses/{course.Slug}", course.UpdatedAt);
            }
            foreach (var lesson in lessons)
            {
                await WriteUrlAsync(writer, baseUrl + lesson.Key.Path, lesson.UpdatedAt);
            }
            await writer.WriteEndElementAsync();
        });
    }

    private static async Task WriteUrlAsync(XmlWriter writer, string location, DateTimeOffset? modified)
    {
        await writer.WriteStartElementAsync(null, "url", Namespace);
        await writer.WriteElementStringAsync(null, "loc", Namespace, location);
        if (modified is { } at)
        {
            await writer.WriteElementStringAsync(null, "lastmod", Namespace, at.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        }
        await writer.WriteEndElementAsync();
    }
}
