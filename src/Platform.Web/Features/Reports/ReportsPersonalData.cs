using Microsoft.EntityFrameworkCore;
using Platform.Web.Features.Account;
using Platform.Web.Infrastructure.Data;

namespace Platform.Web.Features.Reports;

/// The learner's problem reports in "download my data" (admins' internal notes are not theirs).
/// With the account go what identifies the sender (browser, contact address); the report itself
/// stays for the lesson's history.
internal sealed class ReportsPersonalData(PlatformDbContext db) : IPersonalDataSource, IPersonalDataEraser
{
    public async Task EraseAsync(PlatformDbContext context, string userId, CancellationToken ct) =>
        await context.Set<ProblemReport>().Where(r => r.ReporterId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.UserAgent, (string?)null).SetProperty(r => r.ContactEmail, (string?)null), ct);

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
