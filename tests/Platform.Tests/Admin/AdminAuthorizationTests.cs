using System.Globalization;
using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Tests.Infrastructure;
using Platform.Web.Features.Admin;
using Platform.Web.Features.Lessons;

namespace Platform.Tests.Admin;

/// Every admin page and every admin handler × {visitor, learner, admin}: visitors are sent to
/// sign in, learners get 403, admins get the page or the action; every handler refuses a POST
/// without an antiforgery token. The lists below must name every page and handler of the admin
/// area (the first two tests check that), so a new one cannot be left out.
public sealed class AdminAuthorizationTests(AdminFactory factory) : IClassFixture<AdminFactory>
{
    private static readonly Dictionary<string, Func<AdminFactory, Task<string>>> AdminPages = new()
    {
        ["admin"] = _ => Task.FromResult("/admin"),
        ["admin/reports"] = _ => Task.FromResult("/admin/reports?status=all&category=Typo"),
        ["admin/reports/{id:int}"] = async f => $"/admin/reports/{await f.SeedReportAsync(selected: "문단")}",
        ["admin/comments"] = _ => Task.FromResult("/admin/comments"),
        ["admin/users"] = _ => Task.FromResult("/admin/users?q=example"),
        ["admin/users/{id}"] = async f => $"/admin/users/{(await f.CreateUserAsync($"u-{Guid.NewGuid():N}@example.com")).Id}",
        ["admin/lessons"] = _ => Task.FromResult("/admin/lessons"),
        ["admin/lessons/{id:int}/revisions/{number:int}"] = async f => $"/admin/lessons/{await f.LessonIdAsync("demo", "intro")}/revisions/1",
        ["admin/mail"] = _ => Task.FromResult("/admin/mail?status=Parked"),
        ["admin/audit"] = _ => Task.FromResult("/admin/audit"),
    };

    private static readonly Dictionary<string, Func<AdminFactory, Task<(string Url, Dictionary<string, string> Fields)>>> AdminActions = new()
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
    };

    public static TheoryData<string> Pages => [.. AdminPages.Keys];

    public static TheoryData<string> Actions => [.. AdminActions.Keys];

    [Fact]
    public void The_matrix_names_every_admin_page()
    {
        var templates = factory.Services.GetRequiredService<IActionDescriptorCollectionProvider>().ActionDescriptors.Items
            .Select(d => d.AttributeRouteInfo?.Template)
            .Where(t => t is not null && (t == "admin" || t.StartsWith("admin/", StringComparison.Ordinal)))
            .ToHashSet();
        Assert.Equal(templates.Order(), AdminPages.Keys.Order());
    }

    [Fact]
    public void The_matrix_names_every_admin_handler()
    {
        var handlers = typeof(AuditLog).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(PageModel)) && t.Namespace == typeof(AuditLog).Namespace)
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Where(m => m.Name.StartsWith("OnPost", StringComparison.Ordinal))
                .Select(m => $"{t.Name}.{m.Name["OnPost".Length..].Replace("Async", "", StringComparison.Ordinal)}"));
        Assert.Equal(handlers.Order(), AdminActions.Keys.Order());
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task An_admin_page_sends_visitors_to_sign_in_refuses_learners_and_opens_for_admins(string page)
    {
        var url = await AdminPages[page](factory);

        using var visitor = factory.Visitor();
        var anonymous = await visitor.GetAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/Identity/Account/Login?ReturnUrl=", anonymous.Headers.Location!.ToString(), StringComparison.Ordinal);

        using var learner = (await factory.LearnerAsync()).Client;
        var refused = await learner.GetAsync(url);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("접근 권한이 없어요", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var admin = await factory.AdminAsync();
        var document = await admin.GetDocumentAsync(url);
        Assert.NotNull(document.QuerySelector("nav.admin-nav"));
    }

    [Theory]
    [MemberData(nameof(Actions))]
    public async Task An_admin_action_sends_visitors_to_sign_in_refuses_learners_and_works_for_admins(string action)
    {
        var (url, fields) = await AdminActions[action](factory);

        using var visitor = factory.Visitor();
        var anonymous = await visitor.PostFormAsync(url, fields);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/Identity/Account/Login?ReturnUrl=", anonymous.Headers.Location!.ToString(), StringComparison.Ordinal);

        using var learner = (await factory.LearnerAsync()).Client;
        Assert.Equal(HttpStatusCode.Forbidden, (await learner.PostFormAsync(url, fields)).StatusCode);

        using var admin = await factory.AdminAsync();
        var done = await admin.PostFormAsync(url, fields);
        Assert.True(done.StatusCode == HttpStatusCode.Redirect, $"{action}: {(int)done.StatusCode}\n{await done.Content.ReadAsStringAsync()}");
        Assert.StartsWith("/admin", done.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var page = await admin.GetDocumentAsync(done.Headers.Location.OriginalString);
        Assert.NotNull(page.QuerySelector(".admin-message"));
    }

    [Theory]
    [MemberData(nameof(Actions))]
    public async Task An_admin_action_without_an_antiforgery_token_is_refused(string action)
    {
        var (url, fields) = await AdminActions[action](factory);
        using var admin = await factory.AdminAsync();
        var auditRows = await AuditCountAsync();

        var response = await admin.PostFormAsync(url, fields, withToken: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(auditRows, await AuditCountAsync());
    }

    private async Task<int> AuditCountAsync()
    {
        await using var db = factory.CreateDbContext();
        return await db.Set<AuditEntry>().CountAsync();
    }
}
