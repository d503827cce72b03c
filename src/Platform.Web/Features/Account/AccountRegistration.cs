using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Platform.Web.Infrastructure.Data;
using Platform.Web.Infrastructure.Security;

namespace Platform.Web.Features.Account;

public static class AccountRegistration
{
    public static WebApplicationBuilder AddAccounts(this WebApplicationBuilder builder)
    {
        builder.Services
            .AddDefaultIdentity<User>(options =>
            {
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
            .AddPasswordValidator<MaxLengthPasswordValidator>();
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
        });

        builder.Services.AddScoped<AccountMail>();
        builder.Services.AddOptions<AccountMailOptions>().Bind(builder.Configuration.GetSection(AccountMailOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<SignedInLearner>();
        builder.Services.AddScoped<AdminRoles>();
        builder.Services.AddHostedService<ConfiguredAdminsAtStart>();
        builder.AddPerClientPolicy(RateLimits.SignIn, permitLimit: 10, window: TimeSpan.FromMinutes(1));
        builder.Services.Configure<Microsoft.AspNetCore.Mvc.RazorPages.RazorPagesOptions>(o =>
            o.Conventions.Add(new IdentityPagesAllowList()));
        return builder;
    }
}

/// Identity's UI ships pages we do not offer (external logins, two-factor, passkeys): their
/// routes are removed, so only the pages written for this site (in Areas/Identity) answer.
internal sealed class IdentityPagesAllowList : IPageRouteModelConvention
{
    private static readonly HashSet<string> Offered = new(StringComparer.OrdinalIgnoreCase)
    {
        "/Account/Login",
        "/Account/Logout",
        "/Account/Register",
        "/Account/RegisterConfirmation",
        "/Account/ConfirmEmail",
        "/Account/ConfirmEmailChange",
        "/Account/ResendEmailConfirmation",
        "/Account/ForgotPassword",
        "/Account/ForgotPasswordConfirmation",
        "/Account/ResetPassword",
        "/Account/ResetPasswordConfirmation",
        "/Account/Lockout",
        "/Account/AccessDenied",
        "/Account/Manage/Index",
        "/Account/Manage/Email",
        "/Account/Manage/ChangePassword",
        "/Account/Manage/PersonalData",
        "/Account/Manage/DeletePersonalData",
    };

    public void Apply(PageRouteModel model)
    {
        if (string.Equals(model.AreaName, "Identity", StringComparison.OrdinalIgnoreCase) && !Offered.Contains(model.ViewEnginePath))
        {
            model.Selectors.Clear();
        }
    }
}
