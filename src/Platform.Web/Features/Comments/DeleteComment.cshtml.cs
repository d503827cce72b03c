using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Platform.Web.Infrastructure.Caching;
using Platform.Web.Infrastructure.Data;
using Platform.Web.Features.Account;

namespace Platform.Web.Features.Comments;

/// The author deletes their comment, at any time. Soft: the thread keeps "삭제된 댓글입니다".
[Authorize]
public sealed class DeleteCommentModel(PlatformDbContext db, CommentLinks links, TimeProvider clock, PageCacheEviction pageCache) : PageModel
{
    public string BackPath { get; private set; } = "/";

    public string Excerpt { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var comment = await db.Set<Comment>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (Refuse(comment) is { } refusal)
        {
            return refusal;
        }
        BackPath = await links.PathAsync(id, ct) ?? "/";
        Excerpt = Infrastructure.Text.Excerpt.Of(comment!.BodyMarkdown, Infrastructure.Text.Excerpt.Quote);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        var comment = await db.Set<Comment>().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (Refuse(comment) is { } refusal)
        {
            return refusal;
        }
        comment!.DeletedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        await pageCache.LessonChangedAsync(comment.LessonId, ct);
        return LocalRedirect(await links.PathAsync(id, ct) ?? "/");
    }

    private IActionResult? Refuse(Comment? comment) =>
        comment is null || comment.DeletedAt is not null ? NotFound()
        : comment.AuthorId != User.UserId() ? StatusCode(StatusCodes.Status403Forbidden)
        : null;
}
