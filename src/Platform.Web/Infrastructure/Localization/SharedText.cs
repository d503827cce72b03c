using System.Globalization;
using System.Resources;

namespace Platform.Web.Infrastructure.Localization;

/// Marker for SharedText.resx (Korean) and SharedText.en.resx: the site shell (layout, footer,
/// language switch), the status pages, the validation messages of data annotations and the
/// wording of times.
public sealed class SharedText
{
    private static readonly ResourceManager Resources = new(typeof(SharedText).FullName!, typeof(SharedText).Assembly);

    /// A text in the current culture, for code that formats outside a view or page model (times).
    public static string Get(string key) => Resources.GetString(key, CultureInfo.CurrentUICulture) ?? key;

    public static string Get(string key, params object[] arguments) =>
        string.Format(CultureInfo.CurrentCulture, Get(key), arguments);
}
