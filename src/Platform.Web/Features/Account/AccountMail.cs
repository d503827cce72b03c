using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Web.Infrastructure.Data;
using Platform.Web.Features.Mail;
using Platform.Web.Infrastructure.Hosting;

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
    IOptions<AccountMailOptions> limits, TimeProvider clock)
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
        var body = MailBody.Compose(
            site.Value.SiteName,
            "이메일 주소를 확인해 주세요",
            [
                $"{user.DisplayName}님, {site.Value.SiteName}에 가입해 주셔서 고마워요.",
                "아래 버튼을 누르면 이메일 주소 확인이 끝나요. 확인한 뒤에는 댓글을 남길 수 있어요.",
            ],
            "이메일 주소 확인",
            link,
            "가입한 적이 없다면 이 메일은 무시하셔도 돼요.");
        Queue($"account:confirm:{user.Id}:{Fingerprint(token)}", user.Email!, $"[{site.Value.SiteName}] 이메일 주소를 확인해 주세요", body);
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
        var body = MailBody.Compose(
            site.Value.SiteName,
            "비밀번호 재설정",
            [
                $"{user.DisplayName}님, 비밀번호 재설정을 요청하셨어요.",
                "아래 버튼을 눌러 새 비밀번호를 정해 주세요. 링크는 한 번만 쓸 수 있어요.",
            ],
            "새 비밀번호 정하기",
            link,
            "요청한 적이 없다면 이 메일은 무시하셔도 돼요. 비밀번호는 바뀌지 않아요.");
        Queue($"account:reset:{user.Id}:{Fingerprint(token)}", user.Email!, $"[{site.Value.SiteName}] 비밀번호 재설정", body);
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
        var body = MailBody.Compose(
            site.Value.SiteName,
            "새 이메일 주소를 확인해 주세요",
            [
                $"{user.DisplayName}님, 계정의 이메일 주소를 이 주소로 바꾸려고 하셨어요.",
                "아래 버튼을 누르면 변경이 끝나요. 그 뒤에는 이 주소로 로그인해요.",
            ],
            "이메일 주소 변경 확인",
            link,
            "요청한 적이 없다면 이 메일은 무시하셔도 돼요.");
        Queue($"account:change-email:{user.Id}:{Fingerprint(token)}", newEmail, $"[{site.Value.SiteName}] 새 이메일 주소를 확인해 주세요", body);
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

    private void Queue(string dedupeKey, string to, string subject, MailBody body) =>
        outbox.Enqueue(db, new OutgoingMail(dedupeKey, to, subject, body));

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
