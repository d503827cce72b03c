using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Platform.Web.Infrastructure.Data;


namespace Platform.Web.Features.Lessons.Admin;

/// One stored revision of a lesson, as it was rendered then: what a reader saw when they reported.
public sealed class AdminLessonRevisionModel(PlatformDbContext db, LessonHealth health) : PageModel
{
    public LessonHealthRow? Health { get; private set; }

    public RevisionView Revision { get; private set; } = null!;

    public IReadOnlyList<(int Number, DateTimeOffset ImportedAt)> Others { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int id, int number, CancellationToken ct)
    {
        var revision = await db.LessonRevisions.AsNoTracking()
            .Where(r => r.LessonId == id && r.Number == number)
            .Select(r => new RevisionView(
                r.LessonId, r.Lesson.Course.Slug, r.Lesson.Slug, r.Lesson.Course.Title, r.Lesson.Title, r.Number,
                r.Lesson.RevisionNumber, r.ImportedAt, r.ContentHash, r.BodyHtml, r.LinksHtml, r.ExerciseHtml))
            .FirstOrDefaultAsync(ct);
        if (revision is null)
        {
            return NotFound();
        }
        Revision = revision;
        Health = (await health.ReadAsync(id, ct)).FirstOrDefault();
        Others = (await db.LessonRevisions.AsNoTracking().Where(r => r.LessonId == id).OrderByDescending(r => r.Number)
                .Select(r => new { r.Number, r.ImportedAt }).ToListAsync(ct))
            .Select(r => (r.Number, r.ImportedAt)).ToList();
        return Page();
    }

    public sealed record RevisionView(
        int LessonId, string CourseSlug, string Slug, string CourseTitle, string Title, int Number, int CurrentNumber,
        DateTimeOffset ImportedAt, string ContentHash, string BodyHtml, string LinksHtml, string ExerciseHtml);
}
