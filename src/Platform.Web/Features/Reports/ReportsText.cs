namespace Platform.Web.Features.Reports;

/// Marker for ReportsText.resx (Korean) and ReportsText.en.resx: the report form, its labels,
/// the report mail and the report admin pages.
public sealed class ReportsText;
