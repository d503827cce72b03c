using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Tests.Infrastructure;
using Platform.Web.Features.Admin;

namespace Platform.Tests.Admin;

/// Every admin page and every admin handler × {visitor, learner, admin}: visitors are sent to
/// sign in, learners get 403, admins get the page or the action; every handler refuses a POST
/// without an antiforgery token. The lists below must name every page and handler of the admin
/// area (the first two tests check that), so a new one cannot be left out.
public sealed class AdminAuthorizationTests(AdminFactory factory) : IClassFixture<AdminFactory>
{
    public static TheoryData<string> Pages => [.. AdminMatrix.Pages.Keys];

    public static TheoryData<string> Actions => [.. AdminMatrix.Actions.Keys];

    [Fact]
    public void The_matrix_names_every_admin_page()
    {
        var templates = factory.Services.GetRequiredService<IActionDescriptorCollectionProvider>().ActionDescriptors.Items
            .Select(d => d.AttributeRouteInfo?.Template)
            .Where(t => t is not null && (t == "admin" || t.StartsWith("admin/", StringComparison.Ordinal)))
            .ToHashSet();
        Assert.Equal(templates.Order(), AdminMatrix.Pages.Keys.Order());
    }

    [Fact]
    public void The_matrix_names_every_admin_handler()
    {
        var handlers = typeof(AuditLog).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(PageModel)) && (t.Namespace ?? "").Split('.').Contains("Admin"))
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Where(m => m.Name.StartsWith("OnPost", StringComparison.Ordinal))
                .Select(m => $"{t.Name}.{m.Name["OnPost".Length..].Replace("Async", "", StringComparison.Ordinal)}"));
        Assert.Equal(handlers.Order(), AdminMatrix.Actions.Keys.Order());
        Assert.Equal(AuditActions.Labels.Keys.Order(), AdminMatrix.AuditedAs.Values.Distinct().Order());
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task An_admin_page_sends_visitors_to_sign_in_refuses_learners_and_opens_for_admins(string page)
    {
        var url = await AdminMatrix.Pages[page](factory);

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
    public async Task An_admin_action_sends_visitors_to_sign_in_refuses_learners_and_works_for_admins_with_an_audit_row(string action)
    {
        var (url, fields) = await AdminMatrix.Actions[action](factory);
        var auditRows = await AuditCountAsync();

        using var visitor = factory.Visitor();
        var anonymous = await visitor.PostFormAsync(url, fields);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/Identity/Account/Login?ReturnUrl=", anonymous.Headers.Location!.ToString(), StringComparison.Ordinal);

        using var learner = (await factory.LearnerAsync()).Client;
        Assert.Equal(HttpStatusCode.Forbidden, (await learner.PostFormAsync(url, fields)).StatusCode);

        Assert.Equal(auditRows, await AuditCountAsync());

        using var admin = await factory.AdminAsync();
        var done = await admin.PostFormAsync(url, fields);
        Assert.True(done.StatusCode == HttpStatusCode.Redirect, $"{action}: {(int)done.StatusCode}\n{await done.Content.ReadAsStringAsync()}");
        await using (var db = factory.CreateDbContext())
        {
            var recorded = await db.Set<AuditEntry>().OrderByDescending(a => a.Id).ToListAsync();
            Assert.Equal(auditRows + 1, recorded.Count);
            Assert.Equal(AdminMatrix.AuditedAs[action], recorded[0].Action);
            Assert.StartsWith("관리자", recorded[0].ActorName, StringComparison.Ordinal);
        }
        Assert.StartsWith("/admin", done.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var page = await admin.GetDocumentAsync(done.Headers.Location.OriginalString);
        Assert.NotNull(page.QuerySelector(".admin-message"));
    }

    [Theory]
    [MemberData(nameof(Actions))]
    public async Task An_admin_action_without_an_antiforgery_token_is_refused(string action)
    {
        var (url, fields) = await AdminMatrix.Actions[action](factory);
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
