namespace Platform.Web.Features.Admin;

/// Marker for AdminText.resx (Korean) and AdminText.en.resx: words the admin pages share, starting
/// with bulk moderation (select several items, apply one decision).
public sealed class AdminText;
