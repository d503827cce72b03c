using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Platform.Web.Features.Account;

namespace Platform.Web.Areas.Identity.Pages.Account.Manage;

[Authorize]
public sealed class PersonalDataModel(UserManager<User> users, IEnumerable<IPersonalDataSource> sources) : PageModel
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostDownloadAsync(CancellationToken ct)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        var data = new Dictionary<string, object?>
        {
            ["account"] = new
            {
                user.Id,
                user.Email,
                user.EmailConfirmed,
                user.DisplayName,
                user.CreatedAt,
                Roles = await users.GetRolesAsync(user),
            },
        };
        foreach (var source in sources)
        {
            data[source.Name] = await source.ReadAsync(user.Id, ct);
        }
        Response.Headers.CacheControl = "no-store";
        return File(JsonSerializer.SerializeToUtf8Bytes(data, Json), "application/json", "my-data.json");
    }
}
