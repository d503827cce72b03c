using System.Net;
using Microsoft.Extensions.Options;
using Platform.Web.Infrastructure.Hosting;

namespace Platform.Web.Features.Lessons.Links;

public static class LinkCheckRegistration
{
    public static WebApplicationBuilder AddLinkCheck(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(LinkCheckOptions.Section);
        builder.Services.AddOptions<LinkCheckOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<ExternalLinkCheck>();
        builder.Services.AddSingleton<LinkCheckSignal>();
        builder.Services.AddHttpClient(ExternalLinkCheck.HttpClientName, (sp, client) =>
            {
                // Per-request timeouts come from the check; this only bounds a request that ignores them.
                client.Timeout = Timeout.InfiniteTimeSpan;
                var site = sp.GetRequiredService<IOptions<SiteOptions>>().Value;
                client.DefaultRequestHeaders.UserAgent.ParseAdd("PlatformLinkCheck/1.0");
                if (Uri.TryCreate(site.PublicUrl, UriKind.Absolute, out var publicUrl))
                {
                    client.DefaultRequestHeaders.UserAgent.ParseAdd($"(+{publicUrl.GetLeftPart(UriPartial.Authority)})");
                }
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                // Redirects are followed by the check itself, to count them and notice loops.
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.All,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            });
        if (section.GetValue(nameof(LinkCheckOptions.Enabled), true))
        {
            builder.Services.AddHostedService<LinkCheckSchedule>();
        }
        return builder;
    }
}
