using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Platform.Web.Infrastructure.Time;

namespace Platform.Web.Features.Account;

/// An admin can block an account until a moment, with a reason. Every place that lets a learner
/// sign in or post asks <see cref="IsBlocked"/>; the learner is told <see cref="Explain(User)"/>.
public static class Blocks
{
    public const int ReasonMaxLength = 500;

    public static bool IsBlocked(User user, DateTimeOffset now) => user.BlockedUntil is { } until && until > now;

    /// Admins pick the day a block ends; the earliest is tomorrow, in the site's zone.
    public static DateOnly FirstEndDay(DateTimeOffset now) => PersonTime.Site.Day(now).AddDays(1);

    /// A block ends as its chosen day begins, in the site's zone.
    public static DateTimeOffset EndOf(DateOnly day) => PersonTime.Site.StartOf(day);

    /// Told to the blocked learner, in their own zone.
    public static string Explain(User user) =>
        Explain(user.BlockedUntil ?? DateTimeOffset.MinValue, user.BlockReason, PersonTime.For(user.TimeZone));

    public static string Explain(DateTimeOffset until, string? reason, PersonTime time) =>
        $"이 계정은 {time.MinuteWithZone(until)}까지 이용이 제한되었어요. 사유: {reason}";
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
    TimeProvider clock)
    : SignInManager<User>(users, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(User user) =>
        !Blocks.IsBlocked(user, clock.GetUtcNow()) && await base.CanSignInAsync(user);
}
