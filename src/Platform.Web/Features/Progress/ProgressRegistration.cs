using Platform.Web.Features.Account;

namespace Platform.Web.Features.Progress;

public static class ProgressRegistration
{
    public static WebApplicationBuilder AddProgress(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ProgressLedger>();
        builder.Services.AddSingleton<MarkWrites>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<MarkWrites>());
        builder.Services.AddScoped<ProgressReader>();
        builder.Services.AddScoped<ProgressPersonalData>();
        builder.Services.AddScoped<IPersonalDataSource>(sp => sp.GetRequiredService<ProgressPersonalData>());
        builder.Services.AddScoped<IPersonalDataEraser>(sp => sp.GetRequiredService<ProgressPersonalData>());
        return builder;
    }

    public static WebApplication MapProgress(this WebApplication app) => app.MapProgressApi();
}
