using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Platform.Web.Features.Comments;
using Platform.Web.Features.Reports;
using Platform.Web.Infrastructure.Data;
using Platform.Web.Features.Mail;

namespace Platform.Web.Features.Admin;

public sealed class AdminDashboardModel(PlatformDbContext db, TimeProvider clock) : PageModel
{
    public int OpenReports { get; private set; }

    public int NewReports { get; private set; }

    public int FlaggedComments { get; private set; }

    public int AutoHiddenComments { get; private set; }

    public int ParkedMail { get; private set; }

    public int NewUsersThisWeek { get; private set; }

    public IReadOnlyList<AuditEntry> RecentActions { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var weekAgo = clock.GetUtcNow().AddDays(-7);
        OpenReports = await db.Set<ProblemReport>().CountAsync(r => r.Status == ReportStatus.New || r.Status == ReportStatus.Triaged, ct);
        NewReports = await db.Set<ProblemReport>().CountAsync(r => r.Status == ReportStatus.New, ct);
        FlaggedComments = await OpenFlags.CountFlaggedCommentsAsync(db, ct);
        AutoHiddenComments = await OpenFlags.CountAutoHiddenAsync(db, ct);
        ParkedMail = await db.Set<OutboxMessage>().CountAsync(m => m.Status == OutboxStatus.Parked, ct);
        NewUsersThisWeek = await db.Users.CountAsync(u => u.CreatedAt >= weekAgo && u.DeletedAt == null, ct);
        RecentActions = await db.Set<AuditEntry>().AsNoTracking().OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Take(5).ToListAsync(ct);
    }
}
