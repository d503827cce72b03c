using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Web.Infrastructure.Hosting;

namespace Platform.Web.Features.Account;

/// The Admin role. Addresses in `Platform:Admins` get it once their address is confirmed: at
/// start (for accounts confirmed earlier) and at confirmation. The admin area grants and revokes
/// it for others. Revoking it from a configured address lasts until the next start; to remove such
/// an admin for good, take the address out of the configuration.
public sealed class AdminRoles(UserManager<User> users, RoleManager<IdentityRole> roles, IOptions<SiteOptions> site)
{
    public const string Role = "Admin";

    public bool IsConfiguredAdmin(string? email) =>
        email is not null && site.Value.Admins.Any(a => string.Equals(a.Trim(), email, StringComparison.OrdinalIgnoreCase));

    public async Task PromoteIfConfiguredAsync(User user)
    {
        if (user.EmailConfirmed && !user.IsDeleted && IsConfiguredAdmin(user.Email))
        {
            await GrantAsync(user);
        }
    }

    public async Task<IdentityResult> GrantAsync(User user)
    {
        await EnsureRoleAsync();
        return await users.IsInRoleAsync(user, Role) ? IdentityResult.Success : await users.AddToRoleAsync(user, Role);
    }

    public async Task<IdentityResult> RevokeAsync(User user) =>
        await users.IsInRoleAsync(user, Role) ? await users.RemoveFromRoleAsync(user, Role) : IdentityResult.Success;

    private async Task EnsureRoleAsync()
    {
        if (await roles.RoleExistsAsync(Role))
        {
            return;
        }
        try
        {
            await roles.CreateAsync(new IdentityRole(Role));
        }
        catch (DbUpdateException)
        {
            // Another instance may have created it at the same moment; anything else is real.
            if (!await roles.RoleExistsAsync(Role))
            {
                throw;
            }
        }
    }
}

/// At start, after the schema gate: configured admins whose address is already confirmed.
internal sealed class ConfiguredAdminsAtStart(IServiceScopeFactory scopes, IOptions<SiteOptions> site) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (site.Value.Admins.Length == 0)
        {
            return;
        }
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
        var admins = scope.ServiceProvider.GetRequiredService<AdminRoles>();
        foreach (var address in site.Value.Admins.Where(a => !string.IsNullOrWhiteSpace(a)))
        {
            if (await users.FindByEmailAsync(address.Trim()) is { } user)
            {
                await admins.PromoteIfConfiguredAsync(user);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
