namespace Platform.Web.Infrastructure.Localization;

/// Marker for SharedText.resx (Korean) and SharedText.en.resx: the site shell (layout, footer,
/// language switch), the status pages, the validation messages of data annotations and the
/// wording of times.
public sealed class SharedText;
