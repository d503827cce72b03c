using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Platform.Web.Features.Comments;
using Platform.Web.Features.Reports;
using Platform.Web.Infrastructure.Localization;
using Platform.Web.Infrastructure.Data;
using Platform.Web.Infrastructure.Time;

using Platform.Web.Features.Admin;

namespace Platform.Web.Features.Account.Admin;

/// One user: account, reports, latest comments, the Admin role, blocking.
/// Identity's UserManager saves through the request's DbContext, so the audit row added just
/// before it goes out in the same SaveChanges; a transaction covers the role changes' several.
public sealed class AdminUserModel(
    PlatformDbContext db, UserManager<User> users, AdminRoles adminRoles, AuditLog audit, TimeProvider clock) : PageModel
{
    public User Account { get; private set; } = null!;

    public bool IsAdmin { get; private set; }

    public bool IsBlocked { get; private set; }

    public bool IsSelf { get; private set; }

    public IReadOnlyList<ProblemReport> Reports { get; private set; } = [];

    public IReadOnlyList<CommentRow> Comments { get; private set; } = [];

    public int CommentCount { get; private set; }

    [BindProperty]
    public BlockInput Block { get; set; } = new();

    public sealed class BlockInput
    {
        [Required(ErrorMessage = "Validation.BlockUntil")]
        public DateOnly? Until { get; set; }

        [Required(ErrorMessage = "Validation.BlockReason")]
        [StringLength(Blocks.ReasonMaxLength, ErrorMessage = "Validation.BlockReasonLength")]
        public string Reason { get; set; } = "";
    }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct) =>
        await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostGrantAdminAsync(string id, CancellationToken ct)
    {
        ModelState.Clear();
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        if (Account.IsDeleted || !Account.EmailConfirmed)
        {
            return Refuse(Localized.Text<AccountText>("Admin.Error.Unconfirmed"));
        }
        if (IsSelf)
        {
            return Refuse(Localized.Text<AccountText>("Admin.Error.Self"));
        }
        if (IsAdmin)
        {
            return Done(Localized.Text<AccountText>("Admin.AlreadyAdmin", AccountNames.Shown(Account.DisplayName)));
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        audit.Record(db, User, AuditActions.UserGrantAdmin, "user", id, new { admin = false }, new { admin = true });
        var result = await adminRoles.GrantAsync(Account);
        // A role change rotates the stamp like a revocation: the account signs in again and gets the role.
        result = result.Succeeded ? await users.UpdateSecurityStampAsync(Account) : result;
        if (!result.Succeeded)
        {
            return Refuse(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
        await transaction.CommitAsync(ct);
        return Done(Localized.Text<AccountText>("Admin.Granted", AccountNames.Shown(Account.DisplayName)));
    }

    public async Task<IActionResult> OnPostRevokeAdminAsync(string id, CancellationToken ct)
    {
        ModelState.Clear();
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        if (IsSelf)
        {
            return Refuse(Localized.Text<AccountText>("Admin.Error.RevokeSelf"));
        }
        if (!IsAdmin)
        {
            return Done(Localized.Text<AccountText>("Admin.NotAdmin", AccountNames.Shown(Account.DisplayName)));
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        audit.Record(db, User, AuditActions.UserRevokeAdmin, "user", id, new { admin = true }, new { admin = false });
        var result = await adminRoles.RevokeAsync(Account);
        // A new security stamp ends the sessions that still carry the role.
        result = result.Succeeded ? await users.UpdateSecurityStampAsync(Account) : result;
        if (!result.Succeeded)
        {
            return Refuse(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
        await transaction.CommitAsync(ct);
        var configured = adminRoles.IsConfiguredAdmin(Account.Email) ? Localized.Text<AccountText>("Admin.Configured") : "";
        return Done(Localized.Text<AccountText>("Admin.Revoked", AccountNames.Shown(Account.DisplayName), configured));
    }

    public async Task<IActionResult> OnPostBlockAsync(string id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        if (IsSelf)
        {
            return Refuse(Localized.Text<AccountText>("Admin.Error.BlockSelf"));
        }
        if (!ModelState.IsValid)
        {
            return Refuse(null);
        }
        if (Block.Until!.Value < Blocks.FirstEndDay(clock.GetUtcNow()))
        {
            ModelState.AddModelError("Block.Until", Localized.Text<AccountText>("Admin.Error.BlockDay"));
            return Refuse(null);
        }
        var until = Blocks.EndOf(Block.Until.Value);
        var reason = Block.Reason.Trim();
        audit.Record(db, User, AuditActions.UserBlock, "user", id,
            new { blockedUntil = Account.BlockedUntil, reason = Account.BlockReason }, new { blockedUntil = until, reason });
        Account.BlockedUntil = until;
        Account.BlockReason = reason;
        // Saves the block and the audit row together, and ends the account's open sessions.
        var result = await users.UpdateSecurityStampAsync(Account);
        if (!result.Succeeded)
        {
            return Refuse(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
        return Done(Localized.Text<AccountText>("Admin.Blocked", AccountNames.Shown(Account.DisplayName), PersonTime.Of(User).MinuteWithZone(until)));
    }

    public async Task<IActionResult> OnPostUnblockAsync(string id, CancellationToken ct)
    {
        ModelState.Clear();
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        if (IsSelf)
        {
            return Refuse(Localized.Text<AccountText>("Admin.Error.UnblockSelf"));
        }
        if (Account.BlockedUntil is null)
        {
            return Done(Localized.Text<AccountText>("Admin.NotBlocked", AccountNames.Shown(Account.DisplayName)));
        }
        audit.Record(db, User, AuditActions.UserUnblock, "user", id,
            new { blockedUntil = Account.BlockedUntil, reason = Account.BlockReason }, new { blockedUntil = (DateTimeOffset?)null, reason = (string?)null });
        Account.BlockedUntil = null;
        Account.BlockReason = null;
        var result = await users.UpdateSecurityStampAsync(Account);
        if (!result.Succeeded)
        {
            return Refuse(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
        return Done(Localized.Text<AccountText>("Admin.Unblocked", AccountNames.Shown(Account.DisplayName)));
    }

    private IActionResult Done(string message)
    {
        TempData["AdminMessage"] = message;
        return RedirectToPage("/Account/Admin/Detail", new { id = Account.Id });
    }

    private PageResult Refuse(string? message)
    {
        if (message is not null)
        {
            ModelState.AddModelError(string.Empty, message);
        }
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<bool> LoadAsync(string id, CancellationToken ct)
    {
        if (await users.FindByIdAsync(id) is not { } user)
        {
            return false;
        }
        Account = user;
        IsAdmin = await users.IsInRoleAsync(user, AdminRoles.Role);
        IsBlocked = Blocks.IsBlocked(user, clock.GetUtcNow());
        IsSelf = User.UserId() == user.Id;
        Reports = await db.Set<ProblemReport>().AsNoTracking().Where(r => r.ReporterId == id)
            .OrderByDescending(r => r.CreatedAt).Take(100).ToListAsync(ct);
        var comments = db.Set<Comment>().AsNoTracking().Where(c => c.AuthorId == id);
        var openFlags = OpenFlags.Of(db);
        CommentCount = await comments.CountAsync(ct);
        Comments = await comments.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id).Take(50)
            .Select(c => new CommentRow(
                c.Id, c.Lesson.Course.Slug + "/" + c.Lesson.Slug, c.Lesson.Title, c.BodyMarkdown, c.CreatedAt, c.HiddenAt, c.HiddenReason, c.DeletedAt,
                openFlags.Count(f => f.CommentId == c.Id)))
            .ToListAsync(ct);
        return true;
    }

    public sealed record CommentRow(
        long Id, string LessonKey, string LessonTitle, string BodyMarkdown, DateTimeOffset CreatedAt, DateTimeOffset? HiddenAt,
        string? HiddenReason, DateTimeOffset? DeletedAt, int OpenFlags);
}
