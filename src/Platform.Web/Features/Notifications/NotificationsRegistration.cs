using Microsoft.EntityFrameworkCore;
using Platform.Web.Features.Account;
using Platform.Web.Features.Comments;
using Platform.Web.Infrastructure.Data;
using Platform.Web.Features.Mail;

namespace Platform.Web.Features.Notifications;

public static class NotificationsRegistration
{
    /// Call after AddOutbox: the dispatcher asks <see cref="ReplyAlertSendCheck"/> before each reply alert.
    public static WebApplicationBuilder AddNotifications(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(NotificationOptions.Section);
        builder.Services.AddOptions<NotificationOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<UnsubscribeTokens>();
        builder.Services.AddSingleton<ReplyAlertMail>();
        builder.Services.AddScoped<ReplyAlerts>();
        builder.Services.AddScoped<ReplyDigest>();
        builder.Services.AddSingleton<IOutboxSendCheck, ReplyAlertSendCheck>();
        builder.Services.AddScoped<NotificationsPersonalData>();
        builder.Services.AddScoped<IPersonalDataSource>(sp => sp.GetRequiredService<NotificationsPersonalData>());
        builder.Services.AddScoped<IPersonalDataEraser>(sp => sp.GetRequiredService<NotificationsPersonalData>());
        if (section.GetValue(nameof(NotificationOptions.DigestEnabled), true))
        {
            builder.Services.AddHostedService<ReplyDigestSchedule>();
        }
        return builder;
    }
}

/// The learner's notification settings and thread subscriptions in "download my data", and gone with the account.
internal sealed class NotificationsPersonalData(PlatformDbContext db) : IPersonalDataSource, IPersonalDataEraser
{
    public async Task EraseAsync(PlatformDbContext context, string userId, CancellationToken ct)
    {
        await context.Set<Notification>().Where(n => n.UserId == userId).ExecuteDeleteAsync(ct);
        await context.Set<ThreadSubscription>().Where(s => s.UserId == userId).ExecuteDeleteAsync(ct);
        await context.Set<NotificationPreference>().Where(p => p.UserId == userId).ExecuteDeleteAsync(ct);
    }

    public string Name => "notifications";

    public async Task<object?> ReadAsync(string userId, CancellationToken ct) => new
    {
        ReplyEmail = (await db.Set<NotificationPreference>().AsNoTracking()
            .Where(p => p.UserId == userId).Select(p => (ReplyEmail?)p.ReplyEmail).FirstOrDefaultAsync(ct) ?? ReplyEmail.Immediate)
            .ToString(),
        Subscriptions = await db.Set<ThreadSubscription>().AsNoTracking()
            .Where(s => s.UserId == userId)
            .OrderBy(s => s.ThreadId)
            .Select(s => new { s.ThreadId, s.Subscribed, s.UpdatedAt })
            .ToListAsync(ct),
        Notifications = await db.Set<Notification>().AsNoTracking()
            .Where(n => n.UserId == userId)
            .OrderBy(n => n.CreatedAt)
            .Select(n => new { n.CommentId, n.ThreadId, n.CreatedAt, n.ReadAt })
            .ToListAsync(ct),
    };
}
