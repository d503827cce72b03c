using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Platform.Web.Features.Comments;
using Platform.Web.Infrastructure.Data;

namespace Platform.Web.Features.Notifications;

/// The unsubscribe link of a reply e-mail: turns off alerts for that one thread, without signing in.
/// GET shows a confirmation page with a button (so link scanners that fetch URLs change nothing);
/// POST turns the alerts off.
///
/// This is the one POST on the site without an antiforgery token: RFC 8058 one-click unsubscribe
/// has the mail client POST "List-Unsubscribe=One-Click" to the List-Unsubscribe URL, with no
/// cookie and no page to take a token from. What protects it is the signed token in the URL: it
/// names one person and one thread and cannot be made without the server's keys, and all it can
/// do is turn that thread's alerts off, which is what holding the link means anyway.
[IgnoreAntiforgeryToken]
public sealed class UnsubscribeModel(PlatformDbContext db, UnsubscribeTokens tokens, TimeProvider clock) : PageModel
{
    public bool Valid { get; private set; }

    public bool Done { get; private set; }

    public string LessonTitle { get; private set; } = "";

    public string ThreadPath { get; private set; } = "/";

    public string Token { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string? token, CancellationToken ct) => await LoadAsync(token, ct);

    public async Task<IActionResult> OnPostAsync(string? token, CancellationToken ct)
    {
        var result = await LoadAsync(token, ct);
        if (!Valid)
        {
            return result;
        }
        var (userId, threadId) = tokens.Read(token)!.Value;
        await ThreadSubscriptionToggleModel.SetAsync(db, threadId, userId, subscribed: false, clock.GetUtcNow(), ct);
        Done = true;
        return Page();
    }

    private async Task<IActionResult> LoadAsync(string? token, CancellationToken ct)
    {
        Token = token ?? "";
        if (tokens.Read(token) is { } claim)
        {
            var thread = await db.Set<Comment>().AsNoTracking()
                .Where(c => c.Id == claim.ThreadId && c.ThreadId == null)
                .Select(c => new { c.Lesson.Title, Course = c.Lesson.Course.Slug, Lesson = c.Lesson.Slug })
                .FirstOrDefaultAsync(ct);
            if (thread is not null && await db.Users.AnyAsync(u => u.Id == claim.UserId, ct))
            {
                Valid = true;
                LessonTitle = thread.Title;
                ThreadPath = $"/comments/{claim.ThreadId}";
                return Page();
            }
        }
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
