using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Platform.Web.Features.Mail;
using Platform.Web.Infrastructure.Data;
using Platform.Web.Infrastructure.Hosting;
using Platform.Web.Infrastructure.Localization;

namespace Platform.Web.Features.Account;

/// Limits on the account mail anyone can trigger (confirmation, resend, e-mail change, password
/// reset), per hour: per account and per recipient address. Counted from the outbox rows in
/// PostgreSQL, so they hold across instances and restarts.
public sealed class AccountMailOptions
{
    public const string Section = "Mail";

    [Range(1, int.MaxValue)]
    public int PerAccountPerHour { get; set; } = 5;

    [Range(1, int.MaxValue)]
    public int PerAddressPerHour { get; set; } = 5;
}

/// The account e-mails. Each call adds the message to the request's DbContext; the caller's
/// SaveChanges (inside its transaction, if it has one) queues it. A call over the limits of
/// <see cref="AccountMailOptions"/> queues nothing and returns false; callers answer as if sent
/// where telling would disclose an account.
public sealed class AccountMail(
    UserManager<User> users, PlatformDbContext db, Outbox outbox, IOptions<SiteOptions> site,
    IOptions<AccountMailOptions> limits, TimeProvider clock, IStringLocalizer<AccountText> text)
{
    private const string KeyPrefix = "account:";

    /// True when one more account mail for <paramref name="user"/> to <paramref name="to"/> stays within the limits.
    public async Task<bool> WithinLimitsAsync(User user, string to, CancellationToken ct = default)
    {
        var since = clock.GetUtcNow().AddHours(-1);
        var recent = db.Set<OutboxMessage>().AsNoTracking().Where(m => m.CreatedAt > since && m.DedupeKey.StartsWith(KeyPrefix));
        var forAccount = await recent.CountAsync(m => m.DedupeKey.Contains(":" + user.Id + ":"), ct);
        if (forAccount >= limits.Value.PerAccountPerHour)
        {
            return false;
        }
        var address = to.Trim().ToLowerInvariant();
        return await recent.CountAsync(m => m.To.ToLower() == address, ct) < limits.Value.PerAddressPerHour;
    }

    public async Task<bool> QueueConfirmationAsync(User user)
    {
        if (!await WithinLimitsAsync(user, user.Email!))
        {
            return false;
        }
        var token = await users.GenerateEmailConfirmationTokenAsync(user);
        var link = Link("/Identity/Account/ConfirmEmail", ("userId", user.Id), ("code", Encode(token)));
        Queue($"account:confirm:{user.Id}:{Fingerprint(token)}", user.Email!, user, "Mail.Confirm", link,
            () => text["Mail.Confirm.Welcome", user.DisplayName, site.Value.SiteName], () => text["Mail.Confirm.Explain"]);
        return true;
    }

    public async Task<bool> QueuePasswordResetAsync(User user)
    {
        if (!await WithinLimitsAsync(user, user.Email!))
        {
            return false;
        }
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var link = Link("/Identity/Account/ResetPassword", ("email", user.Email!), ("code", Encode(token)));
        Queue($"account:reset:{user.Id}:{Fingerprint(token)}", user.Email!, user, "Mail.Reset", link,
            () => text["Mail.Reset.Greeting", user.DisplayName], () => text["Mail.Reset.Explain"]);
        return true;
    }

    public async Task<bool> QueueEmailChangeAsync(User user, string newEmail)
    {
        if (!await WithinLimitsAsync(user, newEmail))
        {
            return false;
        }
        var token = await users.GenerateChangeEmailTokenAsync(user, newEmail);
        var link = Link("/Identity/Account/ConfirmEmailChange", ("userId", user.Id), ("email", newEmail), ("code", Encode(token)));
        Queue($"account:change-email:{user.Id}:{Fingerprint(token)}", newEmail, user, "Mail.ChangeEmail", link,
            () => text["Mail.ChangeEmail.Greeting", user.DisplayName], () => text["Mail.ChangeEmail.Explain"]);
        return true;
    }

    public static string Encode(string token) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));

    public static string? Decode(string? code)
    {
        if (string.IsNullOrEmpty(code))
        {
            return null;
        }
        try
        {
            return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// One account mail in the recipient's language: subject, heading, action and footnote come from
    /// the <paramref name="mail"/> keys of AccountText; the paragraphs are made by the caller.
    private void Queue(string dedupeKey, string to, User user, string mail, string link, params Func<LocalizedString>[] paragraphs)
    {
        using var language = Languages.Use(user.Language);
        var siteName = site.Value.SiteName;
        var body = MailBody.Compose(
            siteName, text[$"{mail}.Heading"], paragraphs.Select(p => p().Value).ToList(), text[$"{mail}.Action"], link, text[$"{mail}.Footnote"]);
        outbox.Enqueue(db, new OutgoingMail(dedupeKey, to, text[$"{mail}.Subject", siteName], body));
    }

    private string Link(string path, params (string Name, string Value)[] query)
    {
        var url = site.Value.PublicUrl.TrimEnd('/') + path;
        foreach (var (name, value) in query)
        {
            url = QueryHelpers.AddQueryString(url, name, value);
        }
        return url;
    }

    // Each token is a distinct message (a resend is a new mail); the key must not hold the token itself.
    private static string Fingerprint(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)))[..16];
}
