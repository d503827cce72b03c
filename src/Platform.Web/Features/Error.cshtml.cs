using Microsoft.AspNetCore.Diagnostics;
using System.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Platform.Web.Infrastructure.Security;

namespace Platform.Web.Features;

[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed partial class ErrorModel(ILogger<ErrorModel> logger) : PageModel
{
    public int Status { get; private set; }

    public string? RequestId { get; private set; }

    /// Why the request was refused, when a check before the page said so (<see cref="RequestRefusal"/>).
    public string? Message { get; private set; }

    public void OnGet(int? code) => Render(code);

    public void OnPost(int? code) => Render(code);

    private void Render(int? code)
    {
        // Re-executed by the status-code pages (code set) or the exception handler (500).
        code ??= HttpContext.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalStatusCode;
        Status = code is >= 400 and < 600 ? code.Value : 500;
        Response.StatusCode = Status;
        RequestId = Activity.Current?.Id ?? HttpContext.TraceIdentifier;
        Message = RequestRefusal.MessageOf(HttpContext);
        if (Status >= 500)
        {
            // The id the reader is shown, beside the path that failed: without tracing, requests
            // carry no log scope (appsettings.json), so this line is what ties the two together.
            var path = HttpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path
                ?? HttpContext.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalPath ?? Request.Path.Value;
            LogFailed(logger, RequestId, path, Status);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Request {RequestId} for {Path} was answered with the {Status} error page.")]
    private static partial void LogFailed(ILogger logger, string requestId, string? path, int status);
}
