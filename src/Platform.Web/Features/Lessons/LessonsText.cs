namespace Platform.Web.Features.Lessons;

/// Marker for LessonsText.resx (Korean) and LessonsText.en.resx: the words around a lesson
/// (its position, status and reading time); lesson content itself stays as authored.
public sealed class LessonsText;
