using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Platform.Web.Features.Account;
using Platform.Web.Infrastructure.Data;

namespace Platform.Web.Features.Notifications;

/// The header bell: the signed-in learner's unread notifications. Like the progress widget, the
/// component reads and the view (_Bell.cshtml) only shows; pages with it are personal, never cached.
public sealed class NotificationBellViewComponent(PlatformDbContext db) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        var userId = UserClaimsPrincipal.UserId();
        var unread = userId is null ? 0 : await db.Set<Notification>().CountAsync(n => n.UserId == userId && n.ReadAt == null);
        return View("/Features/Notifications/_Bell.cshtml", unread);
    }
}
