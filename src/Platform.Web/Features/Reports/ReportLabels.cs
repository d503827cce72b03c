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

    /// The label kept in a report's history: stored text, so in the site's language (Korean)
    /// whatever the language of the admin or reporter who caused it.
    public static string StoredLabel(this ReportStatus status)
    {
        using (Languages.Use(Languages.Korean))
        {
            return status.Label();
        }
    }

    public static string Label(this ReportStatus status) => status switch
    {
        ReportStatus.New or ReportStatus.Triaged or ReportStatus.Fixed or ReportStatus.WontFix
            => Localized.Text<ReportsText>($"Status.{status}"),
        _ => Localized.Text<ReportsText>("Status.Duplicate"),
    };
}
