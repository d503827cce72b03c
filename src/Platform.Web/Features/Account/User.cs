using Microsoft.AspNetCore.Identity;

namespace Platform.Web.Features.Account;

public sealed class User : IdentityUser
{
    public string DisplayName { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}
