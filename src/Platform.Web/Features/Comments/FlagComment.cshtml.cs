using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Platform.Web.Infrastructure.Data;
using Platform.Web.Infrastructure.Localization;
using Platform.Web.Features.Account;

namespace Platform.Web.Features.Comments;

/// Anyone signed in flags a comment once, with a reason; flags feed the admin's queue.
[Authorize]
public sealed class FlagCommentModel(PlatformDbContext db, CommentModeration moderation, CommentLinks links) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public string BackPath { get; private set; } = "/";

    public string AuthorName { get; private set; } = "";

    public string Excerpt { get; private set; } = "";

    public string? Problem { get; private set; }

    public string? Done { get; private set; }

    public sealed class InputModel
    {
        public string? Reason { get; set; }

        public string? Detail { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) =>
        await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        var detail = CommentText.Normalize(Input.Detail);
        var code = FlagReasons.Code(Input.Reason);
        if (code is null)
        {
            return Refuse(StatusCodes.Status400BadRequest, Localized.Text<CommentsText>("Flag.NoReason"));
        }
        if (detail.Length > 300)
        {
            return Refuse(StatusCodes.Status400BadRequest, Localized.Text<CommentsText>("Flag.DetailTooLong"));
        }
        var reason = detail.Length == 0 ? code : $"{code}: {detail}";
        var result = await moderation.FlagAsync(db, id, User.RequiredUserId(), reason, ct);
        return result switch
        {
            FlagResult.NotFound => NotFound(),
            FlagResult.OwnComment => Refuse(StatusCodes.Status400BadRequest, Localized.Text<CommentsText>("Flag.Own")),
            FlagResult.AlreadyFlagged => Refuse(StatusCodes.Status409Conflict, Localized.Text<CommentsText>("Flag.Already")),
            FlagResult.NotAllowed => Refuse(StatusCodes.Status403Forbidden, Localized.Text<CommentsText>("Flag.NotAllowed")),
            FlagResult.TooMany => Refuse(StatusCodes.Status429TooManyRequests, Localized.Text<CommentsText>("Flag.TooMany")),
            _ => Finish(),
        };
    }

    private IActionResult Finish()
    {
        Done = Localized.Text<CommentsText>("Flag.Done");
        return Page();
    }

    private PageResult Refuse(int status, string message)
    {
        Problem = message;
        Response.StatusCode = status;
        return Page();
    }

    private async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        var comment = await db.Set<Comment>().AsNoTracking()
            .Where(c => c.Id == id && c.DeletedAt == null && c.HiddenAt == null)
            .Select(c => new { c.Author.DisplayName, c.BodyMarkdown })
            .FirstOrDefaultAsync(ct);
        if (comment is null)
        {
            return false;
        }
        AuthorName = AccountNames.Shown(comment.DisplayName);
        Excerpt = Infrastructure.Text.Excerpt.Of(comment.BodyMarkdown, Infrastructure.Text.Excerpt.Quote);
        BackPath = await links.PathAsync(id, ct) ?? "/";
        return true;
    }
}
