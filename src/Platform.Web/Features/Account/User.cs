using Microsoft.AspNetCore.Identity;

namespace Platform.Web.Features.Account;

public sealed class User : IdentityUser
{
    /// What other features show for a deleted account's comments and the like.
    public const string DeletedDisplayName = "탈퇴한 사용자";

    public const string DefaultTimeZone = Infrastructure.Time.PersonTime.SiteZoneId;

    public string DisplayName { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    /// IANA time zone of the learner: the days of a streak are counted in it.
    public string TimeZone { get; set; } = DefaultTimeZone;

    /// Set when the learner deleted their account. The row stays, anonymized (no e-mail, name,
    /// password or sign-in), so what they wrote keeps its author reference and shows
    /// <see cref="DeletedDisplayName"/>; nothing that identifies them remains.
    public DateTimeOffset? DeletedAt { get; set; }

    public bool IsDeleted => DeletedAt is not null;

    /// Set by an admin: until then the account cannot sign in or post (see <see cref="Blocks"/>).
    public DateTimeOffset? BlockedUntil { get; set; }

    /// Shown to the blocked learner when sign-in is refused.
    public string? BlockReason { get; set; }
}
