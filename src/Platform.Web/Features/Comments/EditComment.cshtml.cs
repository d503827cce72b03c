using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Platform.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Platform.Web.Features.Lessons;
using Platform.Web.Infrastructure.Caching;
using Platform.Web.Infrastructure.Data;
using Platform.Web.Infrastructure.Localization;
using Platform.Web.Features.Account;

namespace Platform.Web.Features.Comments;

/// The author changes their comment, within 15 minutes of posting it. Anyone else: 403.
[Authorize]
[BodyLimit(Comment.MaxLength * RequestBodyLimit.PerFormCharacter + RequestBodyLimit.FormOverhead)]
public sealed class EditCommentModel(PlatformDbContext db, LessonMarkdown markdown, CommentLinks links, TimeProvider clock, PageCacheEviction pageCache) : PageModel
{
    public static string TooLateMessage => Localized.Text<CommentsText>("Problem.TooLate");

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public string? Problem { get; private set; }

    public bool CanEdit { get; private set; }

    public string BackPath { get; private set; } = "/";

    public sealed class InputModel
    {
        public string? Body { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var comment = await db.Set<Comment>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        var refusal = await CheckAsync(comment, ct);
        if (refusal is not null)
        {
            return refusal;
        }
        Input.Body = comment!.BodyMarkdown;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        var comment = await db.Set<Comment>().FirstOrDefaultAsync(c => c.Id == id, ct);
        var refusal = await CheckAsync(comment, ct);
        if (refusal is not null)
        {
            return refusal;
        }
        var body = CommentText.Normalize(Input.Body);
        if (CommentText.Problem(body) is { } problem)
        {
            Problem = problem;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        comment!.BodyMarkdown = body;
        comment.BodyHtml = markdown.RenderUserText(body);
        comment.EditedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        await pageCache.LessonChangedAsync(comment.LessonId, ct);
        return LocalRedirect(BackPath);
    }

    /// Null when the signed-in user may edit <paramref name="comment"/> now; else the response.
    private async Task<IActionResult?> CheckAsync(Comment? comment, CancellationToken ct)
    {
        if (comment is null)
        {
            return NotFound();
        }
        if (comment.AuthorId != User.UserId() || comment.DeletedAt is not null || comment.HiddenAt is not null)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        BackPath = await links.PathAsync(comment.Id, ct) ?? "/";
        if (clock.GetUtcNow() - comment.CreatedAt >= Comment.EditWindow)
        {
            // The text they typed stays on the page (to copy into a new comment), without the form.
            Problem = TooLateMessage;
            Input.Body ??= comment.BodyMarkdown;
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return Page();
        }
        CanEdit = true;
        return null;
    }
}
