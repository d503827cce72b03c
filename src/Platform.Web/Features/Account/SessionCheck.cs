using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Platform.Web.Features.Account;

/// Every request that carries a sign-in cookie proves, from the learner's per-request state (the
/// one statement of <see cref="SignedInLearner"/> the page reads anyway, so no extra round trip), that the cookie's
/// security stamp is still the account's and that the account is neither blocked nor deleted.
/// Role changes, blocks, password changes and deletion rotate the stamp (or set the block), so
/// they take effect on the next request everywhere: the database announces every change to an
/// account and each instance drops its copy of that learner's state (<see cref="LearnerStates"/>).
/// A stale cookie is dropped: the request goes on as a visitor's (sign-in pages, 401/redirects).
/// This replaces Identity's SecurityStampValidator, which checks only every 30 minutes.
public static class SessionCheck
{
    /// The account's current stamp, or nothing when it may not use a session now. A page reads the
    /// learner's whole state (it shows it anyway); a write only the account facts, kept or read.
    /// <paramref name="fresh"/>: from the account row itself, not from what this instance keeps.
    public static async Task<string?> CurrentStampAsync(
        SignedInLearner learner, string userId, bool write, DateTimeOffset now, bool fresh, CancellationToken ct) =>
        await learner.AccountAsync(userId, wholeState: !write, fresh, ct) is { IsDeleted: false } account && !Blocks.IsBlocked(account.BlockedUntil, now)
            ? account.SecurityStamp
            : null;

    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var stampClaim = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
        var userId = context.Principal?.UserId();
        var stamp = context.Principal?.FindFirstValue(stampClaim);
        var write = !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method);
        var learner = services.GetRequiredService<SignedInLearner>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var current = userId is null || stamp is null
            ? null
            : await CurrentStampAsync(learner, userId, write, now, fresh: false, context.HttpContext.RequestAborted);
        if (userId is not null && stamp is not null && !string.Equals(current, stamp, StringComparison.Ordinal))
        {
            // What this instance keeps may predate a change whose announcement is still on its
            // way (a password just changed here issues a cookie with the new stamp): the account
            // row has the last word before a session is refused.
            current = await CurrentStampAsync(learner, userId, write, now, fresh: true, context.HttpContext.RequestAborted);
        }
        if (current is null || !string.Equals(current, stamp, StringComparison.Ordinal))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }
        if (write)
        {
            // A learner's own write (marks, comments, settings, password) may change what their
            // state holds, by whatever statement it takes: the copy goes before the response does,
            // so the page the browser goes to next is read afresh.
            var states = services.GetRequiredService<LearnerStates>();
            context.HttpContext.Response.OnStarting(() =>
            {
                states.Forget(userId!);
                return Task.CompletedTask;
            });
        }
    }
}
