using Platform.Web.Features.Account;
using Platform.Web.Infrastructure.Security;

namespace Platform.Web.Features.Feedback;

public static class FeedbackRegistration
{
    public const string RateLimit = "Feedback";

    public static WebApplicationBuilder AddFeedback(this WebApplicationBuilder builder)
    {
        // Twenty votes in ten minutes per client: enough to change one's mind, not to stuff a lesson.
        builder.AddPerClientFormLimit(RateLimit, permitLimit: 20, window: TimeSpan.FromMinutes(10));
        builder.Services.AddScoped<FeedbackPersonalData>();
        builder.Services.AddScoped<IPersonalDataSource>(sp => sp.GetRequiredService<FeedbackPersonalData>());
        builder.Services.AddScoped<IPersonalDataEraser>(sp => sp.GetRequiredService<FeedbackPersonalData>());
        return builder;
    }
}
