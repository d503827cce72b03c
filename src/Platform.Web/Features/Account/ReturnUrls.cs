using Microsoft.AspNetCore.Mvc;

namespace Platform.Web.Features.Account;

public static class ReturnUrls
{
    /// <paramref name="returnUrl"/> when it stays within the site ("/x", not "//host" or "https://..."), else "/".
    public static string Safe(this IUrlHelper url, string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && url.IsLocalUrl(returnUrl) ? returnUrl : "/";
}
