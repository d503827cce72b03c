namespace Platform.Web.Features.Lessons;

/// Marker for ContentText.resx (Korean) and ContentText.en.resx: what the content import says to
/// an author about a file it refuses (the admin import page, the import CLI), in the language of
/// the page or of the CLI's culture.
public sealed class ContentText;
