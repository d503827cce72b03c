using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.EntityFrameworkCore;
using Platform.Web.Features.Account;
using Platform.Web.Infrastructure.Localization;

namespace Platform.Web.Features.Admin;

/// The audit log's one entry point. <see cref="Record"/> only adds the row to the caller's
/// DbContext: it is written by the same SaveChanges (and transaction) as the change it describes,
/// so there is never a change without its row, nor a row for a change that rolled back.
public sealed class AuditLog(TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    public AuditEntry Record(DbContext db, ClaimsPrincipal actor, string action, string subjectType, string subjectId, object? before, object? after)
    {
        var entry = new AuditEntry
        {
            ActorId = ActorId(actor),
            ActorName = ActorName(actor),
            Action = action,
            SubjectType = subjectType,
            SubjectId = subjectId,
            Before = before is null ? null : JsonSerializer.Serialize(before, Json),
            After = after is null ? null : JsonSerializer.Serialize(after, Json),
            At = clock.GetUtcNow(),
        };
        db.Set<AuditEntry>().Add(entry);
        return entry;
    }

    public static string ActorId(ClaimsPrincipal actor) =>
        actor.RequiredUserId();

    /// The name as it is now; records keep it, so a later rename does not rewrite history.
    public static string ActorName(ClaimsPrincipal actor) => AccountClaims.DisplayNameOf(actor) ?? actor.Identity?.Name ?? "";
}

/// The actions admins take; /admin/audit names each from AdminText ("Action.{action}").
public static class AuditActions
{
    public const string ReportStatus = "report.status";
    public const string ReportNote = "report.note";
    public const string UserGrantAdmin = "user.grant-admin";
    public const string UserRevokeAdmin = "user.revoke-admin";
    public const string UserBlock = "user.block";
    public const string UserUnblock = "user.unblock";
    public const string LessonPublish = "lesson.publish";
    public const string LessonUnpublish = "lesson.unpublish";
    public const string ContentImport = "content.import";
    public const string MailRetry = "mail.retry";
    public const string CommentHide = "comment.hide";
    public const string CommentRestore = "comment.restore";
    public const string CommentDelete = "comment.delete";
    public const string LessonLinksRecheck = "lesson.links-recheck";

    public static readonly IReadOnlyDictionary<string, string> Labels = new[]
    {
        ReportStatus, ReportNote, UserGrantAdmin, UserRevokeAdmin, UserBlock, UserUnblock, LessonPublish,
        LessonUnpublish, ContentImport, MailRetry, CommentHide, CommentRestore, CommentDelete, LessonLinksRecheck,
    }.ToDictionary(action => action, action => $"Action.{action}");

    public static string Label(string action) => Labels.TryGetValue(action, out var key) ? Localized.Text<AdminText>(key) : action;
}
