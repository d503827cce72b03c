using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Platform.Web.Features.Account;

/// An admin can block an account until a moment, with a reason. Every place that lets a learner
/// sign in or post asks <see cref="IsBlocked"/>; the learner is told <see cref="Explain"/>.
public static class Blocks
{
    public const int ReasonMaxLength = 500;

    /// Korean time: the site's readers and admins think in it, dates are picked in it.
    public static readonly TimeSpan KoreanOffset = TimeSpan.FromHours(9);

    public static bool IsBlocked(User user, DateTimeOffset now) => user.BlockedUntil is { } until && until > now;

    /// Admins pick the day a block ends; the earliest is tomorrow, in Korean time.
    public static DateOnly FirstEndDay(DateTimeOffset now) => DateOnly.FromDateTime(now.ToOffset(KoreanOffset).DateTime).AddDays(1);

    /// A block ends as its chosen day begins, in Korean time.
    public static DateTimeOffset EndOf(DateOnly day) => new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), KoreanOffset).ToUniversalTime();

    public static string Explain(User user) =>
        $"이 계정은 {FormatKorean(user.BlockedUntil ?? DateTimeOffset.MinValue)}까지 이용이 제한되었어요. 사유: {user.BlockReason}";

    public static string FormatKorean(DateTimeOffset at) =>
        at.ToOffset(KoreanOffset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " (KST)";
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
