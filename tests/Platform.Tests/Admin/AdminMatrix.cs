using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Platform.Tests.Infrastructure;
using Platform.Web.Features.Admin;
using Platform.Web.Features.Lessons;
using Platform.Web.Features.Reports;

namespace Platform.Tests.Admin;

/// Every page and every handler of the admin area, with how to make what each one works on.
/// AdminAuthorizationTests checks these lists against the app, so none can be left out.
public static class AdminMatrix
{
    public static readonly Dictionary<string, Func<AdminFactory, Task<string>>> Pages = new()
    {
        ["admin"] = _ => Task.FromResult("/admin"),
        ["admin/reports"] = _ => Task.FromResult("/admin/reports?status=all&category=Typo"),
        ["admin/reports/{id:int}"] = async f => $"/admin/reports/{await f.SeedReportAsync(selected: "문단")}",
        ["admin/comments"] = _ => Task.FromResult("/admin/comments"),
        ["admin/users"] = _ => Task.FromResult("/admin/users?q=example"),
        ["admin/users/{id}"] = async f => $"/admin/users/{(await f.CreateUserAsync($"u-{Guid.NewGuid():N}@example.com")).Id}",
        ["admin/lessons"] = _ => Task.FromResult("/admin/lessons"),
        ["admin/lessons/health"] = _ => Task.FromResult("/admin/lessons/health?sort=dropoff"),
        ["admin/lessons/{id:int}/revisions/{number:int}"] = async f => $"/admin/lessons/{await f.LessonIdAsync("demo", "intro")}/revisions/1",
        ["admin/mail"] = _ => Task.FromResult("/admin/mail?status=Parked"),
        ["admin/audit"] = _ => Task.FromResult("/admin/audit"),
    };

    public static readonly Dictionary<string, Func<AdminFactory, Task<(string Url, Dictionary<string, string> Fields)>>> Actions = new()
    {
        ["AdminReportModel.Status"] = async f =>
        {
            var id = await f.SeedReportAsync();
            return ($"/admin/reports/{id}?handler=Status", new()
            {
                ["Status.Status"] = "Triaged",
                ["Status.Version"] = (await f.ReportVersionAsync(id)).ToString(CultureInfo.InvariantCulture),
            });
        },
        ["AdminReportModel.Note"] = async f => ($"/admin/reports/{await f.SeedReportAsync()}?handler=Note", new() { ["Note.Text"] = "확인 중" }),
        ["AdminUserModel.GrantAdmin"] = async f =>
            ($"/admin/users/{(await f.CreateUserAsync($"g-{Guid.NewGuid():N}@example.com")).Id}?handler=GrantAdmin", new()),
        ["AdminUserModel.RevokeAdmin"] = async f =>
            ($"/admin/users/{(await f.CreateUserAsync($"r-{Guid.NewGuid():N}@example.com", admin: true)).Id}?handler=RevokeAdmin", new()),
        ["AdminUserModel.Block"] = async f =>
            ($"/admin/users/{(await f.CreateUserAsync($"b-{Guid.NewGuid():N}@example.com")).Id}?handler=Block", new()
            {
                ["Block.Until"] = DateTime.UtcNow.AddDays(10).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["Block.Reason"] = "스팸",
            }),
        ["AdminUserModel.Unblock"] = async f =>
        {
            var user = await f.CreateUserAsync($"ub-{Guid.NewGuid():N}@example.com");
            await using (var db = f.CreateDbContext())
            {
                var row = await db.Users.FindAsync(user.Id);
                row!.BlockedUntil = DateTimeOffset.UtcNow.AddDays(3);
                row.BlockReason = "테스트";
                await db.SaveChangesAsync();
            }
            return ($"/admin/users/{user.Id}?handler=Unblock", new());
        },
        ["AdminLessonsModel.Publish"] = async f =>
        {
            var id = await f.LessonIdAsync("demo", "secret");
            await f.SetLessonStatusAsync(id, LessonStatus.Draft);
            return ("/admin/lessons?handler=Publish", new() { ["lessonId"] = id.ToString(CultureInfo.InvariantCulture) });
        },
        ["AdminLessonsModel.Unpublish"] = async f =>
        {
            var id = await f.LessonIdAsync("other", "elsewhere");
            await f.SetLessonStatusAsync(id, LessonStatus.Published);
            return ("/admin/lessons?handler=Unpublish", new() { ["lessonId"] = id.ToString(CultureInfo.InvariantCulture) });
        },
        ["AdminLessonsModel.Import"] = _ => Task.FromResult(("/admin/lessons?handler=Import", new Dictionary<string, string>())),
        ["AdminMailModel.Retry"] = async f =>
            ("/admin/mail?handler=Retry", new() { ["messageId"] = (await f.SeedParkedMailAsync("parked@example.com")).ToString(CultureInfo.InvariantCulture) }),
        ["AdminCommentsModel.Hide"] = async f => ("/admin/comments?handler=Hide", new()
        {
            ["Input.CommentId"] = (await f.SeedCommentAsync(flags: 1)).ToString(CultureInfo.InvariantCulture),
            ["Input.Reason"] = "광고",
        }),
        ["AdminCommentsModel.Restore"] = async f => ("/admin/comments?handler=Restore", new()
        {
            ["Input.CommentId"] = (await f.SeedCommentAsync(flags: 3, hidden: true)).ToString(CultureInfo.InvariantCulture),
        }),
        ["AdminCommentsModel.Delete"] = async f => ("/admin/comments?view=hidden&handler=Delete", new()
        {
            ["Input.CommentId"] = (await f.SeedCommentAsync(flags: 1)).ToString(CultureInfo.InvariantCulture),
        }),
        ["AdminCommentsModel.Bulk"] = async f => ("/admin/comments?handler=Bulk", new()
        {
            ["Bulk.Ids"] = (await f.SeedCommentAsync(flags: 1)).ToString(CultureInfo.InvariantCulture),
            ["Bulk.Action"] = "hide",
            ["Bulk.Reason"] = "광고",
        }),
        ["AdminReportsModel.Bulk"] = async f =>
        {
            // As the queue's form sends it: the ticked id with the version the page showed.
            var id = await f.SeedReportAsync();
            await using var db = f.CreateDbContext();
            var version = await db.Set<ProblemReport>().Where(r => r.Id == id).Select(r => r.Version).SingleAsync();
            return ("/admin/reports?handler=Bulk", new()
            {
                ["Bulk.Ids"] = id.ToString(CultureInfo.InvariantCulture),
                [$"Bulk.Versions[{id}]"] = version.ToString(CultureInfo.InvariantCulture),
                ["Bulk.Action"] = "Triaged",
            });
        },
        ["AdminLessonRevisionModel.RecheckLinks"] = async f =>
            ($"/admin/lessons/{await f.LessonIdAsync("demo", "intro")}/revisions/1?handler=RecheckLinks", new()),
    };

    /// The audit action each handler records.
    public static readonly Dictionary<string, string> AuditedAs = new()
    {
        ["AdminReportModel.Status"] = AuditActions.ReportStatus,
        ["AdminReportModel.Note"] = AuditActions.ReportNote,
        ["AdminUserModel.GrantAdmin"] = AuditActions.UserGrantAdmin,
        ["AdminUserModel.RevokeAdmin"] = AuditActions.UserRevokeAdmin,
        ["AdminUserModel.Block"] = AuditActions.UserBlock,
        ["AdminUserModel.Unblock"] = AuditActions.UserUnblock,
        ["AdminLessonsModel.Publish"] = AuditActions.LessonPublish,
        ["AdminLessonsModel.Unpublish"] = AuditActions.LessonUnpublish,
        ["AdminLessonsModel.Import"] = AuditActions.ContentImport,
        ["AdminMailModel.Retry"] = AuditActions.MailRetry,
        ["AdminCommentsModel.Hide"] = AuditActions.CommentHide,
        ["AdminCommentsModel.Restore"] = AuditActions.CommentRestore,
        ["AdminCommentsModel.Delete"] = AuditActions.CommentDelete,
        // Bulk decisions write one row per item, of the same action as the item's own button.
        ["AdminCommentsModel.Bulk"] = AuditActions.CommentHide,
        ["AdminReportsModel.Bulk"] = AuditActions.ReportStatus,
        ["AdminLessonRevisionModel.RecheckLinks"] = AuditActions.LessonLinksRecheck,
    };
}
