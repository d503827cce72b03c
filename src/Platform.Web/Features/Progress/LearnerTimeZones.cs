using Platform.Web.Infrastructure.Localization;

namespace Platform.Web.Features.Progress;

/// The time zones a learner can pick on /me (any zone this machine knows is accepted: PersonTime.IsKnown),
/// each named in the reader's language (ProgressText "Zone.{id}") with its id.
public static class LearnerTimeZones
{
    private static readonly string[] Ids =
    [
        "Asia/Seoul", "Asia/Tokyo", "Asia/Shanghai", "Asia/Singapore", "Asia/Kolkata", "Australia/Sydney", "Europe/London",
        "Europe/Berlin", "Europe/Paris", "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles",
        "Pacific/Honolulu", "UTC",
    ];

    public static IReadOnlyList<(string Id, string Label)> Common =>
        Ids.Select(id => (id, Localized.Text<ProgressText>($"Zone.{id}") + (id == "UTC" ? " (UTC)" : $" ({id})"))).ToList();
}
