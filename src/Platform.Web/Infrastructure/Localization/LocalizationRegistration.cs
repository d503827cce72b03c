using Microsoft.AspNetCore.Localization;

namespace Platform.Web.Infrastructure.Localization;

public static class LocalizationRegistration
{
    public static WebApplicationBuilder AddPlatformLocalization(this WebApplicationBuilder builder)
    {
        // Resources sit beside their marker class (Features/Notifications/NotificationsText.resx),
        // so no ResourcesPath: the resource name is the class's full name.
        builder.Services.AddLocalization();
        // Views take IHtmlLocalizer<FeatureText>: markup in a resource is trusted, arguments are encoded.
        builder.Services.AddRazorPages()
            .AddViewLocalization()
            .AddDataAnnotationsLocalization(o =>
                o.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(SharedText)));
        builder.Services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(Languages.Korean);
            o.SupportedCultures = [.. Languages.Cultures];
            o.SupportedUICultures = [.. Languages.Cultures];
            o.FallBackToParentCultures = true;
            o.FallBackToParentUICultures = true;
            // An explicit choice (the footer's switch, in the standard cookie), then the browser's
            // Accept-Language, then Korean. No query string: a URL names a page, not a language.
            o.RequestCultureProviders =
            [
                new CultureCookie(),
                new AcceptLanguageHeaderRequestCultureProvider(),
            ];
        });
        return builder;
    }

    public static WebApplication UsePlatformLocalization(this WebApplication app)
    {
        app.UseRequestLocalization();
        return app;
    }
}
