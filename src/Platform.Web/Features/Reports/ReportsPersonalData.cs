using Microsoft.EntityFrameworkCore;
using Platform.Web.Features.Account;
using Platform.Web.Infrastructure.Data;

namespace Platform.Web.Features.Reports;

/// The learner's problem reports in "download my data" (admins' internal notes are not theirs).
internal sealed class ReportsPersonalData(PlatformDbContext db) : IPersonalDataSource
{
    public string Name => "problemReports";

    public async Task<object?> ReadAsync(string userId, CancellationToken ct) =>
        await db.Set<ProblemReport>().AsNoTracking()
            .Where(r => r.ReporterId == userId)
            .OrderBy(r => r.Id)
            .Select(r => new
            {
                r.Id,
                r.PageUrl,
                Category = r.Category.ToString(),
                r.Description,
                r.SelectedText,
                Status = r.Status.ToString(),
                r.CreatedAt,
            })
            .ToListAsync(ct);
}
