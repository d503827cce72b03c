using Platform.Web.Infrastructure.Localization;

namespace Platform.Web.Features.Comments;

/// A flag's reason is stored as a code ("spam", or "spam: what the flagger added") and read in
/// the reader's language (CommentsText "Flag.Reason.{n}"), so the admin queue reads the same in
/// Korean and English whoever flagged in which language.
public static class FlagReasons
{
    private static readonly string[] AllCodes = ["spam", "abuse", "privacy", "off-topic", "other"];

    public static IReadOnlyList<string> Codes => AllCodes;

    /// The code of a posted reason: a code, or the Korean label a form rendered before the codes
    /// posted (migration StoredTextLanguageNeutral converted the stored ones); null otherwise.
    public static string? Code(string? posted)
    {
        if (posted is null)
        {
            return null;
        }
        if (AllCodes.Contains(posted))
        {
            return posted;
        }
        var index = KoreanLabels.Value.IndexOf(posted);
        return index < 0 ? null : AllCodes[index];
    }

    /// The label of a code in the current language.
    public static string Label(string code) => Localized.Text<CommentsText>($"Flag.Reason.{IndexOf(code)}");

    /// A stored reason as the reader reads it: its code (or old Korean label) in the current
    /// language, then the flagger's own words as written.
    public static string Shown(string stored)
    {
        var parts = stored.Split(':', 2);
        var code = Code(parts[0].Trim());
        if (code is null)
        {
            return stored;
        }
        return parts.Length == 1 ? Label(code) : $"{Label(code)}:{parts[1]}";
    }

    private static int IndexOf(string code)
    {
        var index = Array.IndexOf(AllCodes, code);
        return index < 0 ? AllCodes.Length - 1 : index;
    }

    private static readonly Lazy<List<string>> KoreanLabels = new(() =>
    {
        using (Languages.Use(Languages.Korean))
        {
            return AllCodes.Select(Label).ToList();
        }
    });
}
