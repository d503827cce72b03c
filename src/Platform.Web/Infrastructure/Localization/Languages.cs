using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace Platform.Web.Infrastructure.Localization;

/// The interface languages: Korean first (the default and the neutral resources), English beside.
public static class Languages
{
    public const string Korean = "ko";
    public const string English = "en";

    public static IReadOnlyList<string> All { get; } = [Korean, English];

    public static IReadOnlyList<CultureInfo> Cultures { get; } = All.Select(CultureInfo.GetCultureInfo).ToList();

    /// A supported language code for <paramref name="value"/> ("en-US" → "en"), or null.
    public static string? Find(string? value)
    {
        // Without allocating: it runs for every request (the page copies' key).
        var code = value.AsSpan().Trim();
        if (code.IndexOfAny('-', '_') is var end and >= 0)
        {
            code = code[..end];
        }
        foreach (var language in All)
        {
            if (code.Equals(language, StringComparison.OrdinalIgnoreCase))
            {
                return language;
            }
        }
        return null;
    }

    /// The language of the request being served (set by the request localization middleware).
    public static string Current => Find(CultureInfo.CurrentUICulture.Name) ?? Korean;

    /// The value of the standard culture cookie (.AspNetCore.Culture) for <paramref name="language"/>.
    public static string CookieValue(string language) =>
        CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(language));

    /// Runs with <paramref name="language"/> as the current culture, for text made outside a request
    /// in a reader's language (mail). Dispose to restore the previous culture.
    public static IDisposable Use(string? language) => new CultureScope(CultureInfo.GetCultureInfo(Find(language) ?? Korean));

    private sealed class CultureScope : IDisposable
    {
        private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
        private readonly CultureInfo _uiCulture = CultureInfo.CurrentUICulture;

        public CultureScope(CultureInfo culture)
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = culture;
        }

        public void Dispose()
        {
            CultureInfo.CurrentCulture = _culture;
            CultureInfo.CurrentUICulture = _uiCulture;
        }
    }
}

/// The standard culture cookie, as the footer's switch and /me write it: a year, whole site.
public static class LanguageCookie
{
    public static void Set(HttpContext context, string language) =>
        context.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName, Languages.CookieValue(language), new CookieOptions
        {
            Path = "/",
            MaxAge = TimeSpan.FromDays(365),
            HttpOnly = true,
            Secure = context.Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            IsEssential = true,
        });
}
