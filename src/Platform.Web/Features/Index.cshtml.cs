using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Platform.Web.Infrastructure.Data;

namespace Platform.Web.Features;

public sealed class IndexModel(PlatformDbContext db) : PageModel
{
    public int LearnerCount { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        LearnerCount = await db.Users.AsNoTracking().CountAsync(ct);
    }
}
