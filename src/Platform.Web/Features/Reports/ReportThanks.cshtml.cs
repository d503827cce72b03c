using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Platform.Web.Features.Reports;

public sealed class ReportThanksModel : PageModel
{
    public string? BackTo { get; private set; }

    public void OnGet(string? from) =>
        BackTo = !string.IsNullOrEmpty(from) && Url.IsLocalUrl(from) && from.StartsWith('/') ? from : null;
}
