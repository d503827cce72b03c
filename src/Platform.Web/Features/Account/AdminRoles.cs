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

    public bool IsConfiguredAdmin(string? email) => IsConfigured(site.Value, email);

    public static bool IsConfigured(SiteOptions site, string? email) =>
        email is not null && site.Admins.Any(a => string.Equals(a.Trim(), email.Trim(), StringComparison.OrdinalIgnoreCase));

    /// The owner of a configured admin address just proved it (a confirmation or e-mail-change
    /// link). Whoever set the account's password may not be that owner — anyone can register an
    /// address first — so the password goes and every session with it (a new security stamp); the
    /// owner sets one through the returned reset token, and only then can anyone sign in as Admin.
    /// Null for an address that is not configured (nothing to do beyond the usual).
    public async Task<string?> ClaimConfiguredAddressAsync(User user)
    {
        if (!user.EmailConfirmed || user.IsDeleted || !IsConfiguredAdmin(user.Email))
        {
            return null;
        }
        if (await users.HasPasswordAsync(user))
        {
            var removed = await users.RemovePasswordAsync(user);
            if (!removed.Succeeded)
            {
                throw new InvalidOperationException(string.Join(" ", removed.Errors.Select(e => e.Description)));
            }
        }
        else
        {
            await users.UpdateSecurityStampAsync(user);
        }
        await GrantAsync(user);
        return await users.GeneratePasswordResetTokenAsync(user);
    }

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
