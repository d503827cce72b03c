using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Web.Infrastructure.Data;

namespace Platform.Web.Features.Account;

/// Every request that carries a sign-in cookie proves, with one small query, that the cookie's
/// security stamp is still the account's and that the account is neither blocked nor deleted.
/// Role changes, blocks, password changes and deletion rotate the stamp (or set the block), so
/// they take effect on the next request everywhere, on every instance, with no cache to invalidate.
/// A stale cookie is dropped: the request goes on as a visitor's (sign-in pages, 401/redirects).
/// This replaces Identity's SecurityStampValidator, which checks only every 30 minutes.
public static class SessionCheck
{
    /// The one statement: the account's current stamp, or nothing when it may not use a session now.
    /// Kept small and alone so a per-request read model can fold it into its own statement.
    public static Task<string?> CurrentStampAsync(PlatformDbContext db, string userId, DateTimeOffset now, CancellationToken ct) =>
        db.Users.AsNoTracking()
            .Where(u => u.Id == userId && u.DeletedAt == null && (u.BlockedUntil == null || u.BlockedUntil <= now))
            .Select(u => u.SecurityStamp)
            .FirstOrDefaultAsync(ct);

    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var stampClaim = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
        var userId = context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        var stamp = context.Principal?.FindFirstValue(stampClaim);
        var current = userId is null || stamp is null
            ? null
            : await CurrentStampAsync(
                services.GetRequiredService<PlatformDbContext>(), userId, services.GetRequiredService<TimeProvider>().GetUtcNow(),
                context.HttpContext.RequestAborted);
        if (current is null || !string.Equals(current, stamp, StringComparison.Ordinal))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        }
    }
}
