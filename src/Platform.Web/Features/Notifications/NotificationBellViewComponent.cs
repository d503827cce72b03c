using Microsoft.AspNetCore.Mvc;
using Platform.Web.Features.Account;

namespace Platform.Web.Features.Notifications;

/// The header bell: the signed-in learner's unread notifications, from the request's one personal
/// statement (SignedInLearner). Like the progress widget, the component reads and the view
/// (_Bell.cshtml) only shows; pages with it are personal, never cached.
public sealed class NotificationBellViewComponent(SignedInLearner learner) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        var userId = UserClaimsPrincipal.UserId();
        var unread = userId is null ? 0 : (await learner.GetAsync(userId, HttpContext.RequestAborted))?.UnreadNotifications ?? 0;
        return View("/Features/Notifications/_Bell.cshtml", unread);
    }
}
