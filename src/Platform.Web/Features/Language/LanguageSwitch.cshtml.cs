using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Platform.Web.Features.Account;
using Platform.Web.Infrastructure.Localization;

namespace Platform.Web.Features.Language;

/// The footer's language switch: remembers the choice in the standard culture cookie and goes back
/// to the page it came from (post-redirect-get, no script needed).
///
/// The footer is on every page, also on anonymous pages served from the shared page cache, which
/// can carry no antiforgery token (a token sets a cookie and makes the page personal). So the token
/// is checked when the form has one (every page that is not cached for everyone) and otherwise the
/// browser's own proof of a same-origin post (Origin, or Sec-Fetch-Site) is required: a form on
/// another site can send neither.
[IgnoreAntiforgeryToken]
public sealed class LanguageSwitchModel(IAntiforgery antiforgery) : PageModel
{
    public const string FormField = "__RequestVerificationToken";

    public IActionResult OnGet() => LocalRedirect("/");

    public async Task<IActionResult> OnPostAsync(string? culture, string? returnUrl)
    {
        var language = Languages.Find(culture);
        if (language is null || !await FromThisSiteAsync())
        {
            return BadRequest();
        }
        LanguageCookie.Set(HttpContext, language);
        return LocalRedirect(Url.Safe(returnUrl));
    }

    private async Task<bool> FromThisSiteAsync()
    {
        if (Request.HasFormContentType && Request.Form.ContainsKey(FormField))
        {
            return await antiforgery.IsRequestValidAsync(HttpContext);
        }
        var origin = Request.Headers.Origin.ToString();
        if (origin.Length > 0)
        {
            return string.Equals(origin, $"{Request.Scheme}://{Request.Host}", StringComparison.OrdinalIgnoreCase);
        }
        return string.Equals(Request.Headers["Sec-Fetch-Site"].ToString(), "same-origin", StringComparison.Ordinal);
    }
}
