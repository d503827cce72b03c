using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Platform.Web.Features.Account;
using Platform.Web.Features.Mail;

namespace Platform.Web.Areas.Identity.Pages.Account;

[AllowAnonymous]
public sealed class RegisterConfirmationModel(IWebHostEnvironment environment, IOptions<SmtpOptions> smtp) : PageModel
{
    public string ReturnUrl { get; private set; } = "/";

    public bool ShowDevMail { get; private set; }

    public void OnGet(string? returnUrl)
    {
        ReturnUrl = Url.Safe(returnUrl);
        ShowDevMail = environment.IsDevelopment() && string.IsNullOrWhiteSpace(smtp.Value.Host);
    }
}
