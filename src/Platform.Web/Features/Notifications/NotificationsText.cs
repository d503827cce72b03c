namespace Platform.Web.Features.Notifications;

/// Marker for NotificationsText.resx (Korean) and NotificationsText.en.resx: the words of the
/// notification pages, the bell and the reply alert mails.
public sealed class NotificationsText;
