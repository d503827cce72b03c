namespace Platform.Web.Features.Admin;

/// Marker for AdminText.resx (Korean) and AdminText.en.resx: the admin shell, dashboard, pager and
/// audit log, bulk moderation. Each feature's admin pages use their feature's resources.
public sealed class AdminText;
