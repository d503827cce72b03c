using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.Options;

namespace Platform.Web.Infrastructure.Hosting;

/// TempData in its cookie, as ASP.NET Core keeps it, except that a response says nothing of the
/// cookie when the request had none and nothing was put in it. The framework's provider deletes the
/// cookie whenever a page has looked at TempData: the lesson page looks on every signed-in view
/// (for what the last "done" earned), so every such response carried a Set-Cookie, and a response
/// that sets a cookie can be kept by no cache.
public sealed class QuietTempData(CookieTempDataProvider cookies, IOptions<CookieTempDataProviderOptions> options) : ITempDataProvider
{
    private readonly string _cookieName = options.Value.Cookie.Name ?? CookieTempDataProvider.CookieName;

    public IDictionary<string, object?> LoadTempData(HttpContext context) =>
        context.Request.Cookies.ContainsKey(_cookieName) ? cookies.LoadTempData(context) : new Dictionary<string, object?>();

    public void SaveTempData(HttpContext context, IDictionary<string, object?> values)
    {
        if (values.Count > 0 || context.Request.Cookies.ContainsKey(_cookieName))
        {
            cookies.SaveTempData(context, values);
        }
    }

    public static void Register(IServiceCollection services)
    {
        services.AddSingleton<CookieTempDataProvider>();
        services.AddSingleton<ITempDataProvider, QuietTempData>();
    }
}
