using System.Text;
using System.Xml;

namespace Platform.Web.Features.Lessons;

/// The XML documents the site publishes (/sitemap.xml, /feed.xml): UTF-8 without a byte order
/// mark, indented, streamed to the response.
internal static class XmlResponse
{
    public static async Task WriteAsync(HttpContext context, string contentType, Func<XmlWriter, Task> writeRoot)
    {
        context.Response.ContentType = contentType;
        await using var writer = XmlWriter.Create(context.Response.Body, new XmlWriterSettings
        {
            Async = true,
            Encoding = new UTF8Encoding(false),
            Indent = true,
        });
        await writer.WriteStartDocumentAsync();
        await writeRoot(writer);
        await writer.WriteEndDocumentAsync();
        await writer.FlushAsync();
    }
}
