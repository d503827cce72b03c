using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Platform.Web.Infrastructure.Caching;
using Platform.Web.Infrastructure.Data;
using Platform.Web.Infrastructure.Security;

namespace Platform.Web.Features.Account;

public static class AccountRegistration
{
    public static WebApplicationBuilder AddAccounts(this WebApplicationBuilder builder)
    {
        // Identity without its UI package: every account page is this site's own (Areas/Identity),
        // so the package's pages (external logins, two-factor, passkeys) and assets are not shipped.
        builder.Services.AddAuthentication(o =>
            {
                o.DefaultScheme = IdentityConstants.ApplicationScheme;
                o.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        builder.Services
            .AddIdentityCore<User>(options =>
            {
                options.Stores.MaxLengthForKeys = 128;
                // Current guidance (NIST SP 800-63B): length, not composition rules.
                options.Password.RequiredLength = NewPasswordAttribute.MinLength;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredUniqueChars = 1;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
                options.Lockout.AllowedForNewUsers = true;
                options.User.RequireUniqueEmail = true;
                // Reading and progress need only an account; posting comments needs a confirmed
                // address, which that feature checks. Unconfirmed learners see a reminder.
                options.SignIn.RequireConfirmedAccount = false;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<PlatformDbContext>()
            .AddClaimsPrincipalFactory<PlatformClaimsFactory>()
            .AddSignInManager<BlockAwareSignInManager>()
            .AddErrorDescriber<IdentityErrors>()
            .AddPasswordValidator<MaxLengthPasswordValidator>()
            .AddDefaultTokenProviders();
        builder.Services.Configure<PasswordHasherOptions>(o => o.IterationCount = 210_000);

        var development = builder.Environment.IsDevelopment();
        builder.Services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = development ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            o.ExpireTimeSpan = TimeSpan.FromDays(14);
            o.SlidingExpiration = true;
            // Revocation and blocks on the next request, not after Identity's 30-minute interval.
            o.Events.OnValidatePrincipal = SessionCheck.ValidateAsync;
            // The account pages' addresses (public URLs, as Identity's UI named them).
            o.LoginPath = "/Identity/Account/Login";
            o.LogoutPath = "/Identity/Account/Logout";
            o.AccessDeniedPath = "/Identity/Account/AccessDenied";
        });
        // After Identity's cookies, whose ticket formats it wraps once they are set up.
        RememberedTickets.Register(builder.Services);

        builder.Services.AddScoped<AccountMail>();
        builder.Services.AddOptions<AccountMailOptions>().Bind(builder.Configuration.GetSection(AccountMailOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<SignedInLearner>();
        builder.Services.AddOptions<LearnerStateOptions>().BindConfiguration(LearnerStateOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<LearnerStates>();
        builder.Services.AddSingleton<IReadModel>(sp => sp.GetRequiredService<LearnerStates>());
        builder.Services.AddSingleton<ISaveChangesInterceptor, LearnerStateWrites>();
        builder.Services.AddScoped<AdminRoles>();
        builder.Services.AddHostedService<ConfiguredAdminsAtStart>();
        builder.AddPerClientPolicy(RateLimits.SignIn, permitLimit: 10, window: TimeSpan.FromMinutes(1));
        return builder;
    }
}
