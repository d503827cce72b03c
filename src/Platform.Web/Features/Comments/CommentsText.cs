namespace Platform.Web.Features.Comments;

/// Marker for CommentsText.resx (Korean) and CommentsText.en.resx: the comment section, its forms
/// and pages, and the comment moderation pages.
public sealed class CommentsText;
