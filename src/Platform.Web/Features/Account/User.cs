using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Platform.Web.Infrastructure.Localization;

namespace Platform.Web.Features.Account;

public sealed class User : IdentityUser
{
    /// A deleted account's display name: none. It reads "탈퇴한 사용자" / "Deleted user" in the
    /// reader's language where it is shown (<see cref="AccountNames.Shown"/>); accounts deleted
    /// before stored the Korean words (migration StoredTextLanguageNeutral emptied them).
    public const string DeletedDisplayName = "";

    public const string DefaultTimeZone = Infrastructure.Time.PersonTime.SiteZoneId;

    public string DisplayName { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    /// IANA time zone of the learner: the days of a streak are counted in it.
    public string TimeZone { get; set; } = DefaultTimeZone;

    /// The interface language mail to this account is written in ("ko" or "en", see
    /// Infrastructure/Localization/Languages): set at registration from the page's language,
    /// changeable on /me.
    public string Language { get; set; } = Languages.Korean;

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

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> builder)
    {
        builder.Property(u => u.DisplayName).HasMaxLength(50).IsRequired();
        builder.Property(u => u.CreatedAt).HasDefaultValueSql("now()");
        builder.Property(u => u.TimeZone).HasMaxLength(64).HasDefaultValue(User.DefaultTimeZone);
        builder.Property(u => u.Language).HasMaxLength(8).HasDefaultValue(Languages.Korean);
        builder.Ignore(u => u.IsDeleted);
        builder.Property(u => u.BlockReason).HasMaxLength(Blocks.ReasonMaxLength);
        // One account per address is a product rule, so the database holds it too (Identity's
        // own index on it is not unique). Deleted accounts have no address: NULLs do not collide.
        builder.HasIndex(u => u.NormalizedEmail).IsUnique();
    }
}
