using System.Globalization;
using System.Resources;

namespace Platform.Web.Infrastructure.Localization;

/// A resource text in the current culture, for static code that formats without a localizer from
/// the container (times, block notices, import of stored states). Pages, views and services use
/// IStringLocalizer / IHtmlLocalizer; both read the same .resx of the marker class.
public static class Localized
{
    public static string Text<TMarker>(string key) =>
        Resources<TMarker>.Manager.GetString(key, CultureInfo.CurrentUICulture) ?? key;

    public static string Text<TMarker>(string key, params object[] arguments) =>
        string.Format(CultureInfo.CurrentCulture, Text<TMarker>(key), arguments);

    private static class Resources<TMarker>
    {
        public static readonly ResourceManager Manager = new(typeof(TMarker).FullName!, typeof(TMarker).Assembly);
    }
}
