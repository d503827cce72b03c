using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Platform.Web.Infrastructure.Localization;
using Platform.Web.Features.Account;
using Platform.Web.Features.Lessons;
using Platform.Web.Infrastructure.Data;
using Platform.Web.Infrastructure.Security;

namespace Platform.Web.Features.Feedback;

/// "이 레슨이 도움이 되었나요?" The cached lesson page links here (it carries no antiforgery token);
/// this page has the form and its token, and feedback.js opens the same form in the lesson page.
/// The vote is for the lesson's current revision; voting again changes it.
public sealed class FeedbackPageModel(PlatformDbContext db, FormRateLimits limits, TimeProvider clock) : PageModel
{
    public const string VoterCookie = "platform.voter";

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public LessonTarget? Target { get; private set; }

    public bool Saved { get; private set; }

    public HelpfulVote? Existing { get; private set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Validation.FeedbackLesson")]
        public string? Lesson { get; set; }

        [Required(ErrorMessage = "Validation.FeedbackHelpful")]
        public bool? Helpful { get; set; }

        [StringLength(HelpfulVote.NoteMaxLength, ErrorMessage = "Validation.FeedbackNoteLength")]
        public string? Note { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(string? lesson, bool? helpful, bool saved, CancellationToken ct)
    {
        Input.Lesson = lesson;
        Target = await FindAsync(lesson, ct);
        if (Target is null)
        {
            return NotFoundPage();
        }
        Existing = await ExistingAsync(Target, ct);
        Input.Helpful = helpful ?? Existing?.Helpful;
        Input.Note = Existing?.Note;
        Saved = saved && Existing is not null;
        Response.Headers.CacheControl = "no-store";
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Target = await FindAsync(Input.Lesson, ct);
        if (Target is null)
        {
            return NotFoundPage();
        }
        if (await limits.TryAcquireAsync(FeedbackRegistration.RateLimit, HttpContext) is { } retryAfter)
        {
            var minutes = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalMinutes));
            ModelState.AddModelError(string.Empty, Localized.Text<FeedbackText>("TooOften", minutes));
            return StatusPage(StatusCodes.Status429TooManyRequests);
        }
        if (!ModelState.IsValid)
        {
            return StatusPage(StatusCodes.Status400BadRequest);
        }

        var voter = VoterKey(create: true)!;
        var userId = User.UserId();
        var note = string.IsNullOrWhiteSpace(Input.Note) ? null : Input.Note.Trim();
        var helpful = Input.Helpful!.Value;
        var now = clock.GetUtcNow();
        await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO helpful_votes (lesson_id, revision_number, voter_key, user_id, helpful, note, created_at, updated_at)
            VALUES ({Target.Id}, {Target.RevisionNumber}, {voter}, {userId}, {helpful}, {note}, {now}, {now})
            ON CONFLICT (lesson_id, revision_number, voter_key)
            DO UPDATE SET helpful = EXCLUDED.helpful, note = EXCLUDED.note, updated_at = EXCLUDED.updated_at
            """, ct);
        return RedirectToPage(new { lesson = Target.Key, saved = true });
    }

    private async Task<HelpfulVote?> ExistingAsync(LessonTarget target, CancellationToken ct)
    {
        var voter = VoterKey(create: false);
        return voter is null
            ? null
            : await db.Set<HelpfulVote>().AsNoTracking()
                .FirstOrDefaultAsync(v => v.LessonId == target.Id && v.RevisionNumber == target.RevisionNumber && v.VoterKey == voter, ct);
    }

    /// The learner's account, or this browser's random id (made on its first vote).
    private string? VoterKey(bool create)
    {
        if (User.UserId() is { } userId)
        {
            return HelpfulVote.UserPrefix + userId;
        }
        var cookie = Request.Cookies[VoterCookie];
        if (cookie is { Length: 32 } && cookie.All(char.IsAsciiHexDigitLower))
        {
            return HelpfulVote.VisitorPrefix + cookie;
        }
        if (!create)
        {
            return null;
        }
        var id = Guid.NewGuid().ToString("N");
        Response.Cookies.Append(VoterCookie, id, new CookieOptions
        {
            HttpOnly = true,
            Secure = Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            IsEssential = true,
            MaxAge = TimeSpan.FromDays(365),
        });
        return HelpfulVote.VisitorPrefix + id;
    }

    private Task<LessonTarget?> FindAsync(string? key, CancellationToken ct) =>
        db.Lessons.AsNoTracking().FindPublishedAsync(key,
            l => new LessonTarget(l.Id, l.Course.Slug + "/" + l.Slug, l.Title, l.RevisionNumber), ct);

    private PageResult StatusPage(int status)
    {
        Response.StatusCode = status;
        return Page();
    }

    private PageResult NotFoundPage()
    {
        ModelState.AddModelError(string.Empty, Localized.Text<FeedbackText>("NoLesson"));
        return StatusPage(StatusCodes.Status404NotFound);
    }

    public sealed record LessonTarget(int Id, string Key, string Title, int RevisionNumber);
}
