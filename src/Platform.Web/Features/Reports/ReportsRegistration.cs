using Platform.Web.Features.Account;
using Platform.Web.Infrastructure.Security;

namespace Platform.Web.Features.Reports;

public static class ReportsRegistration
{
    public static WebApplicationBuilder AddReports(this WebApplicationBuilder builder)
    {
        // Five an hour per client; a refusal re-renders the form with the text kept.
        builder.AddPerClientFormLimit(RateLimits.Reports, permitLimit: 5, window: TimeSpan.FromHours(1));
        builder.Services.AddScoped<ReportResolutionMail>();
        builder.Services.AddScoped<ReportWorkflow>();
        builder.Services.AddScoped<ReportsPersonalData>();
        builder.Services.AddScoped<IPersonalDataSource>(sp => sp.GetRequiredService<ReportsPersonalData>());
        builder.Services.AddScoped<IPersonalDataEraser>(sp => sp.GetRequiredService<ReportsPersonalData>());
        return builder;
    }
}
