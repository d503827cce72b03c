using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Platform.Web.Features.Comments;
using Platform.Web.Infrastructure.Data;
using Platform.Web.Features.Account;

namespace Platform.Web.Features.Notifications;

/// Opening a notification: it counts as read, and the learner lands on the reply.
[Authorize]
public sealed class OpenNotificationModel(PlatformDbContext db, CommentLinks links, TimeProvider clock) : PageModel
{
    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var userId = User.UserId();
        var notification = await db.Set<Notification>().FirstOrDefaultAsync(n => n.Id == id && n.UserId == userId, ct);
        if (notification is null)
        {
            return NotFound();
        }
        notification.ReadAt ??= clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return LocalRedirect(await links.PathAsync(notification.CommentId, ct) ?? "/notifications");
    }
}
