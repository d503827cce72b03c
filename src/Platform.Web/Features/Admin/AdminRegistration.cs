using Microsoft.AspNetCore.Mvc.RazorPages;
using Platform.Web.Features.Account;

namespace Platform.Web.Features.Admin;

public static class AdminRegistration
{
    public const string Policy = "Admin";

    /// The admin area: every page under Features/Admin needs the Admin role. Visitors are sent to
    /// sign in; signed-in learners get a plain 403 (the error page explains), not a redirect.
    public static WebApplicationBuilder AddAdmin(this WebApplicationBuilder builder)
    {
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policy, policy => policy.RequireAuthenticatedUser().RequireRole(AdminRoles.Role));
        builder.Services.Configure<RazorPagesOptions>(o => o.Conventions.AuthorizeFolder("/Admin", Policy));
        builder.Services.ConfigureApplicationCookie(o => o.Events.OnRedirectToAccessDenied = context =>
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        });
        builder.Services.AddSingleton<AuditLog>();
        return builder;
    }
}
