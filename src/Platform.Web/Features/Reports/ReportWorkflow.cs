using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Platform.Web.Features.Admin;
using Platform.Web.Features.Mail;
using Platform.Web.Features.Progress;
using Platform.Web.Infrastructure.Localization;
using Platform.Web.Infrastructure.Data;

namespace Platform.Web.Features.Reports;

/// What a status change came to: done (and whether the reporter gets a result mail), refused with
/// a reason for the admin, not found, or overtaken by another admin's change.
public abstract record ReportChange
{
    public sealed record Done(bool Mailed) : ReportChange;

    public sealed record Refused(string Reason) : ReportChange;

    public sealed record NotFound : ReportChange;

    public sealed record Conflict : ReportChange;
}

/// The moderation workflow of a report: New → Triaged → Fixed / Won't fix / Duplicate of #N, with
/// notes. Each change writes its history row and audit row in its own transaction; a fix counts
/// toward the reporter's achievements and a resolution mails the reporter, in that same transaction.
public sealed class ReportWorkflow(PlatformDbContext db, AuditLog audit, ReportResolutionMail resolutionMail, ProgressLedger progress, TimeProvider clock)
{
    public async Task<ReportChange> ChangeStatusAsync(int id, ReportStatus target, int? duplicateOf, uint version, ClaimsPrincipal actor, CancellationToken ct)
    {
        var report = await db.Set<ProblemReport>().Include(r => r.Reporter).FirstOrDefaultAsync(r => r.Id == id, ct);
        if (report is null)
        {
            return new ReportChange.NotFound();
        }
        if (await CheckTransitionAsync(report, target, duplicateOf, ct) is { } reason)
        {
            return new ReportChange.Refused(reason);
        }

        var now = clock.GetUtcNow();
        var before = new { status = report.Status.ToString(), duplicateOf = report.DuplicateOfId };
        var beforeCode = report.Status.HistoryCode(report.DuplicateOfId);
        // The version the admin saw: a change made by someone else in between is not overwritten.
        db.Entry(report).Property(r => r.Version).OriginalValue = version;
        report.Status = target;
        report.DuplicateOfId = target == ReportStatus.Duplicate ? duplicateOf : null;
        report.UpdatedAt = now;
        report.Events.Add(new ReportEvent
        {
            ActorId = AuditLog.ActorId(actor),
            ActorName = AuditLog.ActorName(actor),
            Change = "status",
            Before = beforeCode,
            After = report.Status.HistoryCode(report.DuplicateOfId),
            At = now,
        });
        audit.Record(db, actor, AuditActions.ReportStatus, "report", id.ToString(CultureInfo.InvariantCulture),
            before, new { status = report.Status.ToString(), duplicateOf = report.DuplicateOfId });
        var mailed = false;
        if (target is ReportStatus.Fixed or ReportStatus.WontFix)
        {
            var account = report.Reporter is { IsDeleted: false } reporter ? reporter : null;
            mailed = await resolutionMail.QueueAsync(db, report, account?.Email, account?.TimeZone, account?.Language, ct);
        }
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            if (target == ReportStatus.Fixed && report.ReporterId is { } reporterId)
            {
                await progress.RecordActivityAsync(db, reporterId, ActivityKind.ReportAccepted, $"report:{id}", now, ct);
            }
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || OutboxMessage.IsDuplicate(e))
        {
            db.ChangeTracker.Clear();
            return new ReportChange.Conflict();
        }
        return new ReportChange.Done(mailed);
    }

    /// Adds an admin's note; false when there is no such report.
    public async Task<bool> AddNoteAsync(int id, string text, ClaimsPrincipal actor, CancellationToken ct)
    {
        if (!await db.Set<ProblemReport>().AnyAsync(r => r.Id == id, ct))
        {
            return false;
        }
        var now = clock.GetUtcNow();
        text = text.Trim();
        var note = new ReportNote { ReportId = id, AuthorId = AuditLog.ActorId(actor), AuthorName = AuditLog.ActorName(actor), Text = text, CreatedAt = now };
        db.Add(note);
        db.Add(new ReportEvent { ReportId = id, ActorId = note.AuthorId, ActorName = note.AuthorName, Change = "note", After = text, At = now });
        audit.Record(db, actor, AuditActions.ReportNote, "report", id.ToString(CultureInfo.InvariantCulture), null, new { note = text });
        await db.SaveChangesAsync(ct);
        return true;
    }

    public static string Describe(ReportStatus status, int? duplicateOf) =>
        status == ReportStatus.Duplicate ? $"{status.Label()} (#{duplicateOf})" : status.Label();

    private async Task<string?> CheckTransitionAsync(ProblemReport report, ReportStatus target, int? duplicateOf, CancellationToken ct)
    {
        if (target == ReportStatus.New)
        {
            return Localized.Text<ReportsText>("Workflow.NotBackToNew");
        }
        if (target != ReportStatus.Duplicate && target == report.Status)
        {
            return Localized.Text<ReportsText>("Workflow.Already", target.Label());
        }
        if (target != ReportStatus.Duplicate)
        {
            return null;
        }
        if (duplicateOf is not { } original)
        {
            return Localized.Text<ReportsText>("Workflow.NeedOriginal");
        }
        if (original == report.Id)
        {
            return Localized.Text<ReportsText>("Workflow.Self");
        }
        if (original == report.DuplicateOfId && report.Status == ReportStatus.Duplicate)
        {
            return Localized.Text<ReportsText>("Workflow.AlreadyDuplicate", original);
        }
        var originalStatus = await db.Set<ProblemReport>().Where(r => r.Id == original).Select(r => (ReportStatus?)r.Status).FirstOrDefaultAsync(ct);
        return originalStatus switch
        {
            null => Localized.Text<ReportsText>("Workflow.NoOriginal", original),
            ReportStatus.Duplicate => Localized.Text<ReportsText>("Workflow.OriginalIsDuplicate", original),
            _ => null,
        };
    }
}
