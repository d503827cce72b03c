using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Platform.Web.Features.Account;
using Platform.Web.Features.Lessons;
using Platform.Web.Infrastructure.Data;

namespace Platform.Web.Features.Progress;

/// The lesson page's "mark as done" as a plain form (post-redirect-get), for learners without
/// JavaScript; progress.js sends the same through POST /api/progress/complete instead.
[Authorize]
public sealed class MarkLessonModel(PlatformDbContext db, ProgressLedger ledger, ProgressReader reader, IStringLocalizer<ProgressText> text) : PageModel
{
    public const string GainKey = "ProgressGain";

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        public string Lesson { get; set; } = "";

        public bool Done { get; set; }
    }

    public IActionResult OnGet() => Redirect("/me");

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (LessonKey.Parse(Input.Lesson) is not { } key)
        {
            return BadRequest(text["Mark.BadLesson"].Value);
        }
        var lessonId = await db.Lessons.AsNoTracking().PublishedByKey(key)
            .Select(l => (int?)l.Id)
            .FirstOrDefaultAsync(ct);
        if (lessonId is not { } id)
        {
            return NotFound();
        }
        var userId = User.RequiredUserId();
        if (Input.Done)
        {
            var before = await reader.StandingAsync(userId, ct);
            var awardsBefore = (await reader.AwardsAsync(userId, ct)).Select(a => a.AchievementId).ToList();
            await ledger.CompleteAsync(db, userId, id, ct);
            reader.Invalidate(userId);
            var after = await reader.StandingAsync(userId, ct);
            var awardsAfter = (await reader.AwardsAsync(userId, ct)).Select(a => a.AchievementId);
            var lines = ProgressGain.Between(before, after, awardsBefore, awardsAfter).Lines(text).ToList();
            if (lines.Count > 0)
            {
                TempData[GainKey] = string.Join('\n', lines);
            }
        }
        else
        {
            await ledger.UncompleteAsync(db, userId, id, ct);
        }
        return Redirect(key.Path + "#progress-box");
    }
}
