using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MimeKit;

namespace Platform.Web.Features.Mail.Dev;

[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed partial class DevMailMessageModel(IWebHostEnvironment environment, PickupFolderTransport folder) : PageModel
{
    public string Subject { get; private set; } = "";

    public string From { get; private set; } = "";

    public string To { get; private set; } = "";

    public string MessageId { get; private set; } = "";

    public string HtmlBody { get; private set; } = "";

    public string TextBody { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string name, CancellationToken ct)
    {
        // Only a plain file name of the folder: no path can reach outside it.
        if (!DevMailAccess.IsAllowed(environment, HttpContext) || !FileName().IsMatch(name))
        {
            return NotFound();
        }
        var path = Path.Combine(folder.Directory, name);
        if (!System.IO.File.Exists(path))
        {
            return NotFound();
        }
        var message = await MimeMessage.LoadAsync(path, ct);
        Subject = message.Subject ?? "";
        From = message.From.ToString();
        To = message.To.ToString();
        MessageId = message.MessageId ?? "";
        TextBody = message.TextBody ?? "";
        var html = message.HtmlBody ?? "";
        var body = Body().Match(html);
        HtmlBody = body.Success ? body.Groups[1].Value : html;
        return Page();
    }

    [GeneratedRegex(@"^[A-Za-z0-9_\-]+\.eml$")]
    private static partial Regex FileName();

    [GeneratedRegex(@"<body[^>]*>(.*)</body>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Body();
}
