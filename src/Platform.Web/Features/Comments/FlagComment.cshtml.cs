using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Platform.Web.Infrastructure.Data;
using Platform.Web.Features.Account;

namespace Platform.Web.Features.Comments;

/// Anyone signed in flags a comment once, with a reason; flags feed the admin's queue.
[Authorize]
public sealed class FlagCommentModel(PlatformDbContext db, CommentModeration moderation, CommentLinks links) : PageModel
{
    public static readonly IReadOnlyList<string> Reasons = ["스팸·광고", "욕설·괴롭힘", "개인정보 노출", "주제와 관계없음", "기타"];

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
        if (Input.Reason is null || !Reasons.Contains(Input.Reason))
        {
            return Refuse(StatusCodes.Status400BadRequest, "신고 사유를 골라 주세요.");
        }
        if (detail.Length > 300)
        {
            return Refuse(StatusCodes.Status400BadRequest, "자세한 설명은 300자 이하로 써 주세요.");
        }
        var reason = detail.Length == 0 ? Input.Reason : $"{Input.Reason}: {detail}";
        var result = await moderation.FlagAsync(db, id, User.RequiredUserId(), reason, ct);
        return result switch
        {
            FlagResult.NotFound => NotFound(),
            FlagResult.OwnComment => Refuse(StatusCodes.Status400BadRequest, "내 댓글은 신고할 수 없어요."),
            FlagResult.AlreadyFlagged => Refuse(StatusCodes.Status409Conflict, "이미 신고한 댓글이에요. 관리자가 확인할 거예요."),
            FlagResult.NotAllowed => Refuse(StatusCodes.Status403Forbidden, "이메일 주소를 확인한 계정만 신고할 수 있어요."),
            FlagResult.TooMany => Refuse(StatusCodes.Status429TooManyRequests, "한 시간에 신고할 수 있는 횟수를 넘었어요. 잠시 후 다시 시도해 주세요."),
            _ => Finish(),
        };
    }

    private IActionResult Finish()
    {
        Done = "신고가 접수됐어요. 관리자가 확인할게요. 알려 주셔서 고마워요.";
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
        AuthorName = comment.DisplayName;
        Excerpt = Infrastructure.Text.Excerpt.Of(comment.BodyMarkdown, Infrastructure.Text.Excerpt.Quote);
        BackPath = await links.PathAsync(id, ct) ?? "/";
        return true;
    }
}
