using Microsoft.AspNetCore.Antiforgery;
using Platform.Web.Infrastructure.Localization;

namespace Platform.Web.Infrastructure.Security;

/// Antiforgery for the JSON API. Razor Pages check form posts by themselves; minimal-API endpoints
/// are checked only if someone calls IAntiforgery.ValidateRequestAsync — this filter does, and turns
/// a missing or wrong token into a 400 (never a 500). The token travels in the
/// `RequestVerificationToken` header; GET /api/antiforgery hands it out with its cookie.
public static class JsonAntiforgery
{
    public const string HeaderName = "RequestVerificationToken";

    public static WebApplicationBuilder AddJsonAntiforgery(this WebApplicationBuilder builder)
    {
        // Secure on every https request (behind the proxy too: X-Forwarded-Proto is honoured). Not
        // Always: antiforgery throws on a plain-http request under Always, which would be a 500.
        builder.Services.AddAntiforgery(o =>
        {
            o.HeaderName = HeaderName;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        builder.Services.Configure<Microsoft.AspNetCore.Mvc.CookieTempDataProviderOptions>(o =>
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        return builder;
    }

    public static WebApplication MapAntiforgeryToken(this WebApplication app)
    {
        app.MapGet("/api/antiforgery", (HttpContext context, IAntiforgery antiforgery) =>
        {
            var tokens = antiforgery.GetAndStoreTokens(context);
            context.Response.Headers.CacheControl = "no-store";
            return Results.Json(new { token = tokens.RequestToken });
        });
        return app;
    }

    /// Adds the check to every POST/PUT/PATCH/DELETE endpoint of the group or endpoint.
    public static TBuilder RequireAntiforgeryHeader<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))
            {
                return await next(context);
            }
            var antiforgery = http.RequestServices.GetRequiredService<IAntiforgery>();
            try
            {
                await antiforgery.ValidateRequestAsync(http);
            }
            catch (AntiforgeryValidationException)
            {
                return Results.Problem(
                    title: Localized.Text<SharedText>("Api.Antiforgery"),
                    detail: $"Missing or invalid antiforgery token (header {HeaderName}).",
                    statusCode: StatusCodes.Status400BadRequest);
            }
            return await next(context);
        });
}
