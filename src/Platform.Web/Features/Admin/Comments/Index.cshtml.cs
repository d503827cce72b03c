using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Platform.Web.Features.Admin;

/// The comment flag queue arrives with the comments feature (its moderation service and flag
/// query); until then the page says so.
public sealed class AdminCommentsModel : PageModel
{
    public void OnGet()
    {
    }
}
