using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Platform.Web.Infrastructure.Time;

namespace Platform.Web.Features.Account;

/// Claims in the sign-in cookie beyond Identity's own, so the layout can greet the learner and
/// remind them to confirm their address without a database read on every page. They are
/// refreshed at sign-in, on confirmation and by Identity's periodic security-stamp check.
public static class AccountClaims
{
    public const string DisplayName = "platform:display_name";
    public const string EmailConfirmed = "platform:email_confirmed";

    /// The one way to ask who is signed in: the account id, or null for a visitor.
    public static string? UserId(this ClaimsPrincipal principal) =>
        principal.Identity?.IsAuthenticated == true ? principal.FindFirstValue(ClaimTypes.NameIdentifier) : null;

    /// The account id on a page or endpoint that only signed-in people reach.
    public static string RequiredUserId(this ClaimsPrincipal principal) =>
        principal.UserId() ?? throw new InvalidOperationException("This needs a signed-in account.");

    public static string? DisplayNameOf(ClaimsPrincipal principal) => principal.FindFirstValue(DisplayName);

    public static bool HasUnconfirmedEmail(ClaimsPrincipal principal) =>
        principal.FindFirstValue(EmailConfirmed) == "false";
}

internal sealed class PlatformClaimsFactory(
    UserManager<User> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<User, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(User user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(AccountClaims.DisplayName, user.DisplayName));
        identity.AddClaim(new Claim(AccountClaims.EmailConfirmed, user.EmailConfirmed ? "true" : "false"));
        identity.AddClaim(new Claim(PersonTime.Claim, user.TimeZone));
        return identity;
    }
}
