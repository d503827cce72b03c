using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Platform.Web.Features.Admin;
using Platform.Web.Features.Lessons.Links;
using Platform.Web.Infrastructure.Data;

namespace Platform.Web.Features.Lessons.Admin;

/// One stored revision of a lesson, as it was rendered then: what a reader saw when they reported.
public sealed class AdminLessonRevisionModel(
    PlatformDbContext db, LessonHealth health, ExternalLinkCheck links, LinkCheckSignal linkCheck, AuditLog audit,
    IStringLocalizer<LessonsText> text)
    : PageModel
{
    public IReadOnlyList<ExternalLink> Links { get; private set; } = [];

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
        Links = await db.Set<ExternalLink>().AsNoTracking()
            .Where(l => db.Set<LessonExternalLink>().Any(le => le.LessonId == id && le.LinkId == l.Id))
            .OrderBy(l => l.Url)
            .ToListAsync(ct);
        return Page();
    }

    /// An admin's "check this lesson's links again": due now, and the job is woken on this instance.
    public async Task<IActionResult> OnPostRecheckLinksAsync(int id, int number, CancellationToken ct)
    {
        if (!await db.LessonRevisions.AnyAsync(r => r.LessonId == id && r.Number == number, ct))
        {
            return NotFound();
        }
        int count;
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            count = await links.RequestRecheckAsync(id, ct);
            audit.Record(db, User, AuditActions.LessonLinksRecheck, "lesson", id.ToString(CultureInfo.InvariantCulture), null, new { links = count });
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        linkCheck.Wake();
        TempData["AdminMessage"] = count > 0 ? text["Links.RecheckRequested", count].Value : text["Links.RecheckNothing"].Value;
        return RedirectToPage(new { id, number });
    }

    public sealed record RevisionView(
        int LessonId, string CourseSlug, string Slug, string CourseTitle, string Title, int Number, int CurrentNumber,
        DateTimeOffset ImportedAt, string ContentHash, string BodyHtml, string LinksHtml, string ExerciseHtml);
}
