using System.ComponentModel.DataAnnotations;

namespace Platform.Web.Features.Notifications;

public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// How long a reply alert waits before its e-mail goes out; replies to the same thread within
    /// it share one e-mail. Zero sends at once.
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", ErrorMessage = "Notifications:ReplyDelay must be a time span from 00:00:00 to 1.00:00:00.")]
    public TimeSpan ReplyDelay { get; set; } = TimeSpan.FromMinutes(2);

    /// When the daily digest goes out, in each learner's own time zone.
    [Range(typeof(TimeSpan), "00:00:00", "23:59:59", ErrorMessage = "Notifications:DigestTime must be a time of day from 00:00:00 to 23:59:59.")]
    public TimeSpan DigestTime { get; set; } = TimeSpan.FromHours(8);

    /// How often the digest schedule looks whether a digest is due.
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Notifications:DigestPollInterval must be a time span from 00:00:01 to 1.00:00:00.")]
    public TimeSpan DigestPollInterval { get; set; } = TimeSpan.FromMinutes(15);

    public bool DigestEnabled { get; set; } = true;
}
