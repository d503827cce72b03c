using Microsoft.Extensions.Options;
using Platform.Web.Infrastructure.Data;

namespace Platform.Web.Features.Mail;

public static class EmailRegistration
{
    /// The outbox and its dispatcher. Call after AddPlatformData: the dispatcher starts after the
    /// schema gate has passed.
    public static WebApplicationBuilder AddOutbox(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<OutboxOptions>().BindConfiguration(OutboxOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<SmtpOptions>().BindConfiguration(SmtpOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<Outbox>();
        builder.Services.AddSingleton(services => PickupFolder(services));
        builder.Services.AddSingleton<IMailTransport>(services =>
            string.IsNullOrWhiteSpace(services.GetRequiredService<IOptions<SmtpOptions>>().Value.Host)
                ? services.GetRequiredService<PickupFolderTransport>()
                : ActivatorUtilities.CreateInstance<SmtpTransport>(services));
        if (builder.Configuration.GetValue(OutboxOptions.Section + ":Enabled", true))
        {
            builder.Services.AddHostedService<OutboxDispatcher>();
        }
        return builder;
    }

    private static PickupFolderTransport PickupFolder(IServiceProvider services)
    {
        var configured = services.GetRequiredService<IOptions<OutboxOptions>>().Value.PickupDirectory;
        var environment = services.GetRequiredService<IHostEnvironment>();
        return new PickupFolderTransport(string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(RepositoryPaths.DataDirectory(environment.ContentRootPath), "mail")
            : Path.GetFullPath(configured, environment.ContentRootPath));
    }
}
