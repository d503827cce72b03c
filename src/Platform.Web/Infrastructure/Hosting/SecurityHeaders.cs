using Microsoft.AspNetCore.Http.Features.Authentication;

namespace Platform.Web.Infrastructure.Hosting;

/// A strict CSP: no inline script anywhere, so every script is a file under wwwroot/js. And what
/// is answered to a signed-in request is personal: no cache (browser or proxy) may keep it, unless
/// the page said otherwise (static files, long-cached by their versioned address).
internal sealed class SecurityHeaders(RequestDelegate next)
{
    private const string Policy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = Policy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        headers.XFrameOptions = "DENY";
        context.Response.OnStarting(NoStoreWhenSignedIn, context);
        return next(context);
    }

    // Static, with the context as its state: no closure per request. It reads the principal that
    // authentication set, if any, without making an empty one (HttpContext.User would, for every
    // visitor's page served from its kept copy).
    private static readonly Func<object, Task> NoStoreWhenSignedIn = state =>
    {
        var context = (HttpContext)state;
        if (context.Features.Get<IHttpAuthenticationFeature>()?.User?.Identity?.IsAuthenticated == true
            && string.IsNullOrEmpty(context.Response.Headers.CacheControl))
        {
            context.Response.Headers.CacheControl = "no-store";
        }
        return Task.CompletedTask;
    };
}
