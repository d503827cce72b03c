namespace Platform.Web.Features.Comments;

/// Marker for CommentThreadText.resx (Korean) and CommentThreadText.en.resx: the words of the
/// thread tools added with issue 15 (preview, edit in place, staff badge), kept apart from the
/// comment pages' own resources while those are being converted.
public sealed class CommentThreadText;
