namespace Platform.Web.Infrastructure.Localization;

/// Marker for SharedText.resx (Korean) and SharedText.en.resx: the site shell (layout, footer,
/// language switch), the status pages and the validation messages of data annotations.
public sealed class SharedText;
