using Platform.Web.Infrastructure.Localization;

namespace Platform.Web.Features.Reports;

/// How categories and statuses read in the current language (ReportsText), in the form, the admin
/// area and mail.
public static class ReportLabels
{
    public static IReadOnlyList<ReportCategory> Categories { get; } = Enum.GetValues<ReportCategory>();

    public static IReadOnlyList<ReportStatus> Statuses { get; } = Enum.GetValues<ReportStatus>();

    public static string Label(this ReportCategory category) => category switch
    {
        ReportCategory.Typo or ReportCategory.ContentError or ReportCategory.CodeBroken or ReportCategory.BrokenLink
            => Localized.Text<ReportsText>($"Category.{category}"),
        _ => Localized.Text<ReportsText>("Category.Other"),
    };

    /// A status as a report's history stores it: a code ("Triaged", "Duplicate:12"), read in the
    /// reader's language by <see cref="ShownHistory"/>. Rows from before held Korean labels
    /// ("분류됨", "중복 (#12)"); migration StoredTextLanguageNeutral converted them.
    public static string HistoryCode(this ReportStatus status, int? duplicateOf) =>
        status == ReportStatus.Duplicate ? $"{status}:{duplicateOf}" : status.ToString();

    /// A history cell as the reader reads it: a status code in their language; anything else
    /// (a note's text) as written.
    public static string? ShownHistory(string change, string? stored)
    {
        if (stored is null || change is not ("status" or "created"))
        {
            return stored;
        }
        var parts = stored.Split(':', 2);
        if (parts[0].Length == 0 || !char.IsLetter(parts[0][0]) || !Enum.TryParse<ReportStatus>(parts[0], out var status))
        {
            return stored;
        }
        int? duplicateOf = parts.Length == 2 && int.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : null;
        return ReportWorkflow.Describe(status, duplicateOf);
    }

    public static string Label(this ReportStatus status) => status switch
    {
        ReportStatus.New or ReportStatus.Triaged or ReportStatus.Fixed or ReportStatus.WontFix
            => Localized.Text<ReportsText>($"Status.{status}"),
        _ => Localized.Text<ReportsText>("Status.Duplicate"),
    };
}
