using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Platform.Web.Infrastructure.Localization;
using Platform.Web.Infrastructure.Time;

namespace Platform.Web.Features.Account;

/// An admin can block an account until a moment, with a reason. Every place that lets a learner
/// sign in or post asks <see cref="IsBlocked(User, DateTimeOffset)"/>; the learner is told <see cref="Explain(User)"/>.
public static class Blocks
{
    public const int ReasonMaxLength = 500;

    public static bool IsBlocked(User user, DateTimeOffset now) => IsBlocked(user.BlockedUntil, now);

    /// A block set until <paramref name="until"/> holds at <paramref name="now"/>.
    public static bool IsBlocked(DateTimeOffset? until, DateTimeOffset now) => until is { } end && end > now;

    /// Admins pick the day a block ends; the earliest is tomorrow, in the site's zone.
    public static DateOnly FirstEndDay(DateTimeOffset now) => PersonTime.Site.Day(now).AddDays(1);

    /// A block ends as its chosen day begins, in the site's zone.
    public static DateTimeOffset EndOf(DateOnly day) => PersonTime.Site.StartOf(day);

    /// Told to the blocked learner, in their own zone.
    public static string Explain(User user) =>
        Explain(user.BlockedUntil ?? DateTimeOffset.MinValue, user.BlockReason, PersonTime.For(user.TimeZone));

    public static string Explain(DateTimeOffset until, string? reason, PersonTime time) =>
        Localized.Text<AccountText>("Block.Explain", time.MinuteWithZone(until), reason ?? "");
}

/// Identity asks CanSignInAsync before it checks the password (and at two-factor and refresh
/// sign-ins): a blocked account gets SignInResult.NotAllowed everywhere.
internal sealed class BlockAwareSignInManager(
    UserManager<User> users,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<User> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<User>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<User> confirmation,
    TimeProvider clock,
    IOptions<Platform.Web.Infrastructure.Hosting.SiteOptions> site)
    : SignInManager<User>(users, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    /// A configured admin address signs in only once its owner confirmed it (see AdminRoles).
    public override async Task<bool> CanSignInAsync(User user) =>
        !Blocks.IsBlocked(user, clock.GetUtcNow()) && !user.IsDeleted
        && (user.EmailConfirmed || !AdminRoles.IsConfigured(site.Value, user.Email))
        && await base.CanSignInAsync(user);

    /// A page that refreshes the cookie (after a name or password change) never hands a blocked
    /// account a fresh one: it signs the account out instead.
    public override async Task RefreshSignInAsync(User user)
    {
        if (!await CanSignInAsync(user))
        {
            await SignOutAsync();
            return;
        }
        await base.RefreshSignInAsync(user);
    }
}
