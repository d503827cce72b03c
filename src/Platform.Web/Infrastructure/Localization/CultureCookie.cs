using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Primitives;

namespace Platform.Web.Infrastructure.Localization;

/// The standard culture cookie (.AspNetCore.Culture), read from the raw Cookie header. ASP.NET
/// Core's own provider parses every cookie the request carries into a dictionary to read this one;
/// for a signed-in learner that is the whole sign-in ticket copied into new strings on every
/// request, the kept page's hits included (<see cref="Caching.PageCopyHits"/>), which otherwise
/// allocate nothing that grows with the request. This finds the one cookie and allocates only its
/// value, when it is there.
///
/// The header is read as ASP.NET Core reads it: pairs separated by ';' or ',', whitespace around
/// them ignored, a value possibly in double quotes and percent-encoded. A malformed header at worst
/// leaves the browser's language or Korean, as it would with the standard provider.
public sealed class CultureCookie : RequestCultureProvider
{
    public static string Name => CookieRequestCultureProvider.DefaultCookieName;

    public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        var value = Find(httpContext.Request.Headers.Cookie, Name);
        return value is null ? NullProviderCultureResult : Task.FromResult(CookieRequestCultureProvider.ParseCookieValue(value));
    }

    /// The value of the cookie called <paramref name="name"/>, decoded, or null.
    public static string? Find(StringValues header, string name)
    {
        foreach (var line in header)
        {
            var rest = line.AsSpan();
            while (!rest.IsEmpty)
            {
                var end = rest.IndexOfAny(';', ',');
                var pair = (end < 0 ? rest : rest[..end]).Trim(" \t");
                rest = end < 0 ? [] : rest[(end + 1)..];
                if (pair.Length > name.Length && pair[name.Length] == '=' && pair.StartsWith(name, StringComparison.Ordinal))
                {
                    var value = pair[(name.Length + 1)..];
                    if (value is ['"', .. var quoted, '"'])
                    {
                        value = quoted;
                    }
                    return value.IsEmpty ? null : Uri.UnescapeDataString(value);
                }
            }
        }
        return null;
    }
}
