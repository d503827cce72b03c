namespace Platform.Web.Features.Exercises;

/// Marker for ExercisesText.resx (Korean) and ExercisesText.en.resx: the quiz page and API messages.
public sealed class ExercisesText;
