using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MimeKit;

namespace Platform.Web.Features.Mail.Dev;

/// Development only: the mail the outbox wrote to the pickup folder, so a newcomer can follow a
/// confirmation link without a mail server. Anywhere else it does not exist (404).
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class DevMailIndexModel(IWebHostEnvironment environment, PickupFolderTransport folder) : PageModel
{
    public string Directory => folder.Directory;

    public IReadOnlyList<DevMailSummary> Messages { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!DevMailAccess.IsAllowed(environment, HttpContext))
        {
            return NotFound();
        }
        var list = new List<DevMailSummary>();
        if (System.IO.Directory.Exists(folder.Directory))
        {
            foreach (var file in new DirectoryInfo(folder.Directory).GetFiles("*.eml").OrderByDescending(f => f.Name).Take(200))
            {
                var message = await MimeMessage.LoadAsync(file.FullName, ct);
                list.Add(new DevMailSummary(file.Name, message.Date, message.To.ToString(), message.Subject ?? ""));
            }
        }
        Messages = list;
        return Page();
    }
}

public sealed record DevMailSummary(string FileName, DateTimeOffset Date, string To, string Subject);

/// Who may read the development mail: only in Development, and only from this machine (the mail
/// holds sign-in links). A request with no network peer (a Unix socket, the test host) is local.
public static class DevMailAccess
{
    public static bool IsAllowed(IWebHostEnvironment environment, HttpContext context) =>
        environment.IsDevelopment()
        && (context.Connection.RemoteIpAddress is not { } address || System.Net.IPAddress.IsLoopback(address));
}
