namespace Platform.Web.Features.Notifications;

public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// How long a reply alert waits before its e-mail goes out; replies to the same thread within
    /// it share one e-mail. Zero sends at once.
    public TimeSpan ReplyDelay { get; set; } = TimeSpan.FromMinutes(2);

    /// When the daily digest goes out, in <see cref="DigestTimeZone"/>.
    public TimeSpan DigestTime { get; set; } = TimeSpan.FromHours(8);

    /// The learners are in Korea; a per-learner time zone can replace this later.
    public string DigestTimeZone { get; set; } = "Asia/Seoul";

    /// How often the digest schedule looks whether a digest is due.
    public TimeSpan DigestPollInterval { get; set; } = TimeSpan.FromMinutes(15);

    public bool DigestEnabled { get; set; } = true;
}
