using System.Globalization;
using System.Net.Sockets;
using Npgsql;
using Platform.Web.Infrastructure.Localization;

namespace Platform.Web.Infrastructure.Data;

/// PostgreSQL not answering is an outage, not a bug: the request gets 503 with Retry-After and a
/// short page in the reader's language (written here, without the layout, which would ask the database again).
/// Anonymous lesson pages still come from the page cache, which sits after this and needs no
/// database. Nothing to do when PostgreSQL returns: Npgsql drops the broken pooled connections
/// and opens new ones, and the background loops (outbox, digest) retry on their own.
internal sealed class DatabaseOutage(RequestDelegate next, ILogger<DatabaseOutage> logger)
{
    public const int RetryAfterSeconds = 30;

    /// In the request's language (request localization runs first and needs no database).
    public static string Message => Localized.Text<SharedText>("Outage.Message");

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (IsOutage(e) && !context.Response.HasStarted)
        {
            logger.LogWarning("PostgreSQL is unavailable ({Error}); answered {Path} with 503.", e.GetBaseException().Message, context.Request.Path);
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            context.Response.Headers.CacheControl = "no-store";
            if (context.Request.Path.StartsWithSegments("/api"))
            {
                await Results.Problem(title: Message, statusCode: StatusCodes.Status503ServiceUnavailable).ExecuteAsync(context);
                return;
            }
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync(Page(), context.RequestAborted);
        }
    }

    /// A connection that cannot be made or was lost, or a server that is shutting down or starting.
    public static bool IsOutage(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException postgres:
                    return postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
                        || postgres.SqlState.StartsWith("57P", StringComparison.Ordinal)
                        || postgres.SqlState == PostgresErrorCodes.TooManyConnections;
                case NpgsqlException npgsql when npgsql.IsTransient || npgsql.InnerException is SocketException or IOException or TimeoutException:
                    return true;
                case SocketException:
                    return true;
            }
        }
        return false;
    }

    private static string Page()
    {
        var title = System.Net.WebUtility.HtmlEncode(Localized.Text<SharedText>("Outage.Title"));
        return $$"""
        <!DOCTYPE html>
        <html lang="{{Languages.Current}}">
        <head>
            <meta charset="utf-8" />
            <meta name="viewport" content="width=device-width, initial-scale=1" />
            <title>{{title}}</title>
            <link rel="stylesheet" href="/css/site.css" />
        </head>
        <body>
            <main class="wrap" id="main">
                <section class="error-page">
                    <p class="error-code">503</p>
                    <h1>{{title}}</h1>
                    <p>{{System.Net.WebUtility.HtmlEncode(Message)}}</p>
                    <p><a class="button" href="/">{{System.Net.WebUtility.HtmlEncode(Localized.Text<SharedText>("Outage.Home"))}}</a></p>
                </section>
            </main>
        </body>
        </html>
        """;
    }
}
