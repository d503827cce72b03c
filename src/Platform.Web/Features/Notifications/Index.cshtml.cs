using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Platform.Web.Features.Account;
using Platform.Web.Features.Admin;
using Platform.Web.Features.Lessons;
using Platform.Web.Infrastructure.Data;
using Platform.Web.Infrastructure.Text;

namespace Platform.Web.Features.Notifications;

/// The learner's notifications, newest first; each opens the reply (and counts as read).
[Authorize]
public sealed class NotificationsModel(
    PlatformDbContext db, LessonMarkdown markdown, TimeProvider clock, IStringLocalizer<NotificationsText> text) : PageModel
{
    public const int PageSize = 50;

    public IReadOnlyList<Item> Items { get; private set; } = [];

    public int UnreadCount { get; private set; }

    public int PageNumber { get; private set; } = 1;

    public bool HasMore { get; private set; }

    public DateTimeOffset Now { get; private set; }

    public sealed record Item(long Id, string ReplierName, string LessonTitle, string Excerpt, DateTimeOffset CreatedAt, bool IsRead, bool Gone);

    private string UserId => User.RequiredUserId();

    public async Task OnGetAsync(int? page, CancellationToken ct)
    {
        PageNumber = Paging.Requested(page);
        Now = clock.GetUtcNow();
        var rows = await db.Set<Notification>().AsNoTracking()
            .Where(n => n.UserId == UserId)
            .OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize + 1)
            .Select(n => new
            {
                n.Id,
                Replier = n.Comment.Author.DisplayName,
                Lesson = n.Comment.Lesson.Title,
                n.Comment.BodyMarkdown,
                n.CreatedAt,
                n.ReadAt,
                Gone = n.Comment.DeletedAt != null || n.Comment.HiddenAt != null,
            })
            .ToListAsync(ct);
        HasMore = rows.Count > PageSize;
        Items = rows.Take(PageSize)
            .Select(r => new Item(
                r.Id, r.Replier, r.Lesson, r.Gone ? text["ReplyGone"] : markdown.UserTextExcerpt(r.BodyMarkdown, Excerpt.Line),
                r.CreatedAt, r.ReadAt is not null, r.Gone))
            .ToList();
        UnreadCount = await db.Set<Notification>().CountAsync(n => n.UserId == UserId && n.ReadAt == null, ct);
    }

    public async Task<IActionResult> OnPostReadAsync(long id, CancellationToken ct)
    {
        await db.Set<Notification>()
            .Where(n => n.Id == id && n.UserId == UserId && n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, clock.GetUtcNow()), ct);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostReadAllAsync(CancellationToken ct)
    {
        await db.Set<Notification>()
            .Where(n => n.UserId == UserId && n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, clock.GetUtcNow()), ct);
        return RedirectToPage();
    }
}
