using System.ComponentModel.DataAnnotations;

namespace Platform.Web.Features.Lessons.Links;

public sealed class LinkCheckOptions
{
    public const string Section = "LinkCheck";

    public bool Enabled { get; set; } = true;

    /// How long after a check an address is checked again.
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00", ErrorMessage = "LinkCheck:Interval must be a time span from 00:01:00 to 30.00:00:00.")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromDays(1);

    /// How often the job looks for due addresses (an admin's re-check wakes it at once).
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "LinkCheck:PollInterval must be a time span from 00:00:01 to 1.00:00:00.")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromHours(1);

    /// The wait before the first round, so a short-lived process (a migration, a test) fetches nothing.
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", ErrorMessage = "LinkCheck:StartDelay must be a time span from 00:00:00 to 1.00:00:00.")]
    public TimeSpan StartDelay { get; set; } = TimeSpan.FromMinutes(2);

    /// How long one request may take before the address counts as timed out.
    [Range(typeof(TimeSpan), "00:00:00.100", "00:02:00", ErrorMessage = "LinkCheck:Timeout must be a time span from 00:00:00.100 to 00:02:00.")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// The pause between two requests to the same host: politeness toward the sites we link to.
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00", ErrorMessage = "LinkCheck:PerHostDelay must be a time span from 00:00:00 to 00:01:00.")]
    public TimeSpan PerHostDelay { get; set; } = TimeSpan.FromSeconds(1);

    [Range(0, 20, ErrorMessage = "LinkCheck:MaxRedirects must be from 0 to 20.")]
    public int MaxRedirects { get; set; } = 5;

    /// Hosts checked at the same time (each host still one request at a time).
    [Range(1, 32, ErrorMessage = "LinkCheck:ParallelHosts must be from 1 to 32.")]
    public int ParallelHosts { get; set; } = 4;

    [Range(1, 100_000, ErrorMessage = "LinkCheck:MaxPerRound must be from 1 to 100000.")]
    public int MaxPerRound { get; set; } = 500;
}
