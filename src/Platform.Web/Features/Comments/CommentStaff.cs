using Platform.Web.Features.Account;
using Platform.Web.Infrastructure.Data;

namespace Platform.Web.Features.Comments;

/// Who gets the staff badge on their comments: the admins, as a subquery the comment queries embed.
public static class CommentStaff
{
    public static IQueryable<string> Of(PlatformDbContext db) =>
        db.UserRoles.Where(ur => db.Roles.Any(r => r.Id == ur.RoleId && r.Name == AdminRoles.Role)).Select(ur => ur.UserId);
}
