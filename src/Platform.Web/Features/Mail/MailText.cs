using System.Resources;

namespace Platform.Web.Features.Mail;

/// Marker for MailText.resx (Korean) and MailText.en.resx: the words of the one mail layout.
/// Mail is composed outside a request's view, in the recipient's language: callers set it with
/// Languages.Use(user.Language), and every resource lookup follows the current UI culture.
public sealed class MailText
{
    internal static ResourceManager Resources { get; } = new(typeof(MailText).FullName!, typeof(MailText).Assembly);

    internal static string Get(string key) =>
        Resources.GetString(key, System.Globalization.CultureInfo.CurrentUICulture) ?? key;
}
