namespace Platform.Web.Features.Feedback;

/// Marker for FeedbackText.resx (Korean) and FeedbackText.en.resx: "was this lesson helpful?".
public sealed class FeedbackText;
