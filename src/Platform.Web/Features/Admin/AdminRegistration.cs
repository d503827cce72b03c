using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Platform.Web.Features.Account;

namespace Platform.Web.Features.Admin;

public static class AdminRegistration
{
    public const string Policy = "Admin";

    /// The admin area: every page in a folder named Admin, whichever feature owns it, needs the
    /// Admin role. Visitors are sent to sign in; signed-in learners get a plain 403 (the error page
    /// explains), not a redirect.
    public static WebApplicationBuilder AddAdmin(this WebApplicationBuilder builder)
    {
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policy, policy => policy.RequireAuthenticatedUser().RequireRole(AdminRoles.Role));
        builder.Services.Configure<RazorPagesOptions>(o => o.Conventions.Add(new AdminArea()));
        builder.Services.ConfigureApplicationCookie(o => o.Events.OnRedirectToAccessDenied = context =>
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        });
        builder.Services.AddSingleton<AuditLog>();
        return builder;
    }
}

/// The one rule for what the admin area is: a page under a folder named <c>Admin</c> (the shell in
/// Features/Admin, and each feature's own Features/X/Admin). It decides both the authorization
/// policy and the layout (Features/_ViewStart.cshtml), so a new admin page cannot get one without
/// the other.
public sealed class AdminArea : IPageApplicationModelConvention
{
    public static bool Contains(string viewEnginePath) =>
        viewEnginePath.Split('/', StringSplitOptions.RemoveEmptyEntries).SkipLast(1).Contains("Admin", StringComparer.Ordinal);

    public static bool Contains(ActionDescriptor action) =>
        action is PageActionDescriptor page && Contains(page.ViewEnginePath);

    public void Apply(PageApplicationModel model)
    {
        if (Contains(model.ViewEnginePath))
        {
            model.EndpointMetadata.Add(new AuthorizeAttribute(AdminRegistration.Policy));
        }
    }
}
