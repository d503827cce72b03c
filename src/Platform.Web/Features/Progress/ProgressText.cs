using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;

namespace Platform.Web.Features.Progress;

/// Marker for ProgressText.resx (Korean) and ProgressText.en.resx: the progress labels, the level
/// names (Level.{number}) and the achievements (Achievement.{id}.Name, Achievement.{id}.Description).
/// ProgressRules keeps the Korean names as data (the JSON API's contract); pages show these.
public sealed class ProgressText
{
    /// A number that progress.js keeps current, as an argument of a localized sentence.
    public static IHtmlContent Field(string name, object value) =>
        new HtmlString($"<span data-field=\"{HtmlEncoder.Default.Encode(name)}\">{HtmlEncoder.Default.Encode(Convert.ToString(value, System.Globalization.CultureInfo.CurrentCulture) ?? "")}</span>");
}
