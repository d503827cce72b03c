using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Platform.Web.Infrastructure.Data;
using Platform.Web.Infrastructure.Localization;

using Platform.Web.Features.Admin;

namespace Platform.Web.Features.Mail.Admin;

/// The outbox as admins see it: queued, sending, sent, parked; a parked message can be retried.
public sealed class AdminMailModel(PlatformDbContext db, AuditLog audit, TimeProvider clock) : PageModel
{
    private const int PageSize = 50;

    public OutboxStatus? Status { get; private set; }

    public IReadOnlyDictionary<OutboxStatus, int> Counts { get; private set; } = new Dictionary<OutboxStatus, int>();

    public IReadOnlyList<MailRow> Rows { get; private set; } = [];

    public Paging Paging { get; private set; } = Paging.For(1, PageSize, 0);

    public async Task OnGetAsync(OutboxStatus? status, int? pageIndex, CancellationToken ct)
    {
        Status = status;
        Counts = await db.Set<OutboxMessage>().GroupBy(m => m.Status).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var query = db.Set<OutboxMessage>().AsNoTracking();
        if (status is { } wanted)
        {
            query = query.Where(m => m.Status == wanted);
        }
        Paging = Paging.For(pageIndex, PageSize, await query.CountAsync(ct));
        Rows = await query.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id)
            .Skip(Paging.Skip).Take(Paging.Size)
            .Select(m => new MailRow(m.Id, m.Status, m.To, m.Subject, m.Attempts, m.CreatedAt, m.DueAt, m.SentAt, m.LastError))
            .ToListAsync(ct);
    }

    public async Task<IActionResult> OnPostRetryAsync(long messageId, CancellationToken ct)
    {
        var message = await db.Set<OutboxMessage>().FirstOrDefaultAsync(m => m.Id == messageId, ct);
        if (message is null)
        {
            return NotFound();
        }
        if (message.Status != OutboxStatus.Parked)
        {
            TempData["AdminMessage"] = Localized.Text<MailText>("Admin.NotParked", messageId);
            return RedirectToPage("/Mail/Admin/Index", new { status = message.Status });
        }
        audit.Record(db, User, AuditActions.MailRetry, "mail", messageId.ToString(CultureInfo.InvariantCulture),
            new { status = "parked", message.Attempts, message.LastError }, new { status = "queued", attempts = 0 });
        // A fresh round of attempts, due now.
        message.Status = OutboxStatus.Queued;
        message.Attempts = 0;
        message.DueAt = clock.GetUtcNow();
        message.LeaseToken = null;
        message.LeaseUntil = null;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        // The insert trigger wakes dispatchers only for new rows; this row is old. Delivered at commit.
        await db.Database.ExecuteSqlAsync($"SELECT pg_notify({OutboxDispatcher.Channel}, '')", ct);
        await transaction.CommitAsync(ct);
        TempData["AdminMessage"] = Localized.Text<MailText>("Admin.Retried", messageId);
        return RedirectToPage("/Mail/Admin/Index", new { status = OutboxStatus.Parked });
    }

    public Pager Pager => new(Paging, "/Mail/Admin/Index", ("status", Status));

    public static string StatusLabel(OutboxStatus status) => Localized.Text<MailText>($"Status.{status}");

    public sealed record MailRow(
        long Id, OutboxStatus Status, string To, string Subject, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset DueAt,
        DateTimeOffset? SentAt, string? LastError);
}
