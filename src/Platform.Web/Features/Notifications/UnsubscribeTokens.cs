using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Platform.Web.Features.Notifications;

/// The token in a reply e-mail's unsubscribe link: "this person, this thread", signed and
/// encrypted with ASP.NET Core Data Protection (the key ring the sign-in cookie already needs),
/// so the link works without a session and cannot be forged or pointed at another person or thread.
public sealed class UnsubscribeTokens(IDataProtectionProvider protection)
{
    private readonly IDataProtector _protector = protection.CreateProtector("Platform.Notifications.Unsubscribe.v1");

    public string Create(string userId, long threadId) =>
        _protector.Protect($"{userId}|{threadId.ToString(System.Globalization.CultureInfo.InvariantCulture)}");

    public (string UserId, long ThreadId)? Read(string? token)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            return null;
        }
        try
        {
            var parts = _protector.Unprotect(token).Split('|');
            return parts.Length == 2 && long.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var threadId)
                ? (parts[0], threadId)
                : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
