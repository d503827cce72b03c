using System.Globalization;
using System.Text;
using Platform.Web.Infrastructure.Localization;

namespace Platform.Web.Features.Comments;

/// What a learner typed, made fit to store: line breaks unified, control characters and
/// direction overrides removed (they can disguise text), surrounding whitespace trimmed.
public static class CommentText
{
    public static string EmptyMessage => Localized.Text<CommentsText>("Problem.Empty");

    public static string TooLongMessage => Localized.Text<CommentsText>("Problem.TooLong", Comment.MaxLength.ToString("N0", CultureInfo.CurrentCulture));

    public static string Normalize(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }
        var unified = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        var kept = new StringBuilder(unified.Length);
        foreach (var c in unified)
        {
            if (c is '\n' or '\t' || (!char.IsControl(c) && !IsDirectionOverride(c)))
            {
                kept.Append(c);
            }
        }
        return kept.ToString().Trim();
    }

    /// Null when <paramref name="normalized"/> may be posted, else the Korean reason.
    public static string? Problem(string normalized) => normalized.Length switch
    {
        0 => EmptyMessage,
        > Comment.MaxLength => TooLongMessage,
        _ => null,
    };

    private static bool IsDirectionOverride(char c) =>
        c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069')
        || (char.GetUnicodeCategory(c) == UnicodeCategory.Format && c is '\u200E' or '\u200F' or '\u061C');
}
