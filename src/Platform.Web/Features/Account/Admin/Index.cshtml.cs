using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Platform.Web.Infrastructure.Data;

using Platform.Web.Features.Admin;

namespace Platform.Web.Features.Account.Admin;

/// Users: search by e-mail or name, newest first.
public sealed class AdminUsersModel(PlatformDbContext db, TimeProvider clock) : PageModel
{
    private const int PageSize = 50;

    public string? Query { get; private set; }

    public IReadOnlyList<UserRow> Rows { get; private set; } = [];

    public Paging Paging { get; private set; } = Paging.For(1, PageSize, 0);

    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync(string? q, int? pageIndex, CancellationToken ct)
    {
        Now = clock.GetUtcNow();
        Query = string.IsNullOrWhiteSpace(q) ? null : q.Trim();
        var adminRoleId = await db.Roles.Where(r => r.Name == AdminRoles.Role).Select(r => r.Id).FirstOrDefaultAsync(ct);
        var users = db.Users.AsNoTracking();
        if (Query is not null)
        {
            var pattern = "%" + Query.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
            users = users.Where(u => EF.Functions.ILike(u.Email!, pattern) || EF.Functions.ILike(u.DisplayName, pattern));
        }
        Paging = Paging.For(pageIndex, PageSize, await users.CountAsync(ct));
        Rows = await users
            .OrderByDescending(u => u.CreatedAt).ThenBy(u => u.Id)
            .Skip(Paging.Skip).Take(Paging.Size)
            .Select(u => new UserRow(
                u.Id, u.DisplayName, u.Email, u.EmailConfirmed, u.CreatedAt, u.DeletedAt, u.BlockedUntil,
                db.UserRoles.Any(r => r.UserId == u.Id && r.RoleId == adminRoleId)))
            .ToListAsync(ct);
    }

    public Pager Pager => new(Paging, "/Account/Admin/Index", ("q", Query));

    public sealed record UserRow(
        string Id, string DisplayName, string? Email, bool EmailConfirmed, DateTimeOffset CreatedAt, DateTimeOffset? DeletedAt,
        DateTimeOffset? BlockedUntil, bool IsAdmin);
}
