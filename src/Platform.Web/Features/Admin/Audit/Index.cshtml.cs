using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Platform.Web.Infrastructure.Data;

namespace Platform.Web.Features.Admin;

/// Every admin action, newest first.
public sealed class AdminAuditModel(PlatformDbContext db) : PageModel
{
    private const int PageSize = 50;

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    public Paging Paging { get; private set; } = Paging.For(1, PageSize, 0);

    public async Task OnGetAsync(int? pageIndex, CancellationToken ct)
    {
        var entries = db.Set<AuditEntry>().AsNoTracking();
        Paging = Paging.For(pageIndex, PageSize, await entries.CountAsync(ct));
        Entries = await entries.OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Skip(Paging.Skip).Take(Paging.Size).ToListAsync(ct);
    }

    public Pager Pager => new(Paging, "/Admin/Audit/Index");

    /// Where the subject of an entry is shown in the admin area, if anywhere.
    public static string? SubjectLink(AuditEntry entry) => entry.SubjectType switch
    {
        "report" => $"/admin/reports/{entry.SubjectId}",
        "user" => $"/admin/users/{entry.SubjectId}",
        "lesson" => "/admin/lessons",
        "mail" => "/admin/mail",
        "comment" => $"/comments/{entry.SubjectId}",
        _ => null,
    };
}
