using System.ComponentModel.DataAnnotations;

namespace Platform.Web.Features.Mail;

public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// After the first attempt fails, the waits before each retry; after the last retry fails the
    /// message is parked (an admin can look at it). Six attempts in about 15 hours.
    public static IReadOnlyList<TimeSpan> DefaultRetryDelays { get; } =
    [
        TimeSpan.FromMinutes(1),
        TimeSpan.FromMinutes(5),
        TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(2),
        TimeSpan.FromHours(12),
    ];

    /// Empty means <see cref="DefaultRetryDelays"/> (configuration binding appends to a non-empty
    /// default array instead of replacing it).
    public TimeSpan[] RetryDelays { get; set; } = [];

    public IReadOnlyList<TimeSpan> RetrySchedule => RetryDelays.Length > 0 ? RetryDelays : DefaultRetryDelays;

    /// The dispatcher also wakes on NOTIFY and at the next due time; this is only the safety net.
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// How long a claimed row stays reserved for its dispatcher; a crashed dispatcher's rows are
    /// claimable again after this. Must be longer than sending one batch takes.
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(10);

    [Range(1, 1000, ErrorMessage = "Outbox:BatchSize must be a whole number from 1 to 1000.")]
    public int BatchSize { get; set; } = 20;

    public bool Enabled { get; set; } = true;

    /// Where mail goes when no SMTP host is set; default `.data/mail` at the repository root.
    public string? PickupDirectory { get; set; }
}

public enum SmtpSecurity
{
    None,
    StartTls,
    SslOnConnect,
}

public sealed class SmtpOptions
{
    public const string Section = "Smtp";

    public string Host { get; set; } = "";

    [Range(1, 65535, ErrorMessage = "Smtp:Port must be a port number from 1 to 65535.")]
    public int Port { get; set; } = 25;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.None;

    public string UserName { get; set; } = "";

    public string Password { get; set; } = "";

    public string From { get; set; } = "C.W.K. Stream <no-reply@localhost>";
}
