using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Platform.Web.Infrastructure.Caching;
using Platform.Web.Infrastructure.Data;
using Platform.Web.Infrastructure.Hosting;

using Platform.Web.Features.Admin;

namespace Platform.Web.Features.Lessons.Admin;

/// All lessons with status and revision count; publish / unpublish; re-import the content folder.
/// Unpublishing makes a lesson a draft (admins still preview it): an import leaves it so until
/// its file changes, when the file's front matter decides again.
public sealed class AdminLessonsModel(
    PlatformDbContext db, ContentImporter importer, LessonPublishing publishing, AuditLog audit, IOptions<SiteOptions> site,
    IWebHostEnvironment environment, PageCacheEviction pageCache, IStringLocalizer<LessonsText> text) : PageModel
{
    public IReadOnlyList<LessonRow> Rows { get; private set; } = [];

    public ContentImportReport? ImportReport { get; private set; }

    public string? ImportError { get; private set; }

    [TempData]
    public string? LastImport { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (LastImport is not null)
        {
            ImportReport = JsonSerializer.Deserialize<ContentImportReport>(LastImport);
        }
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostPublishAsync(int lessonId, CancellationToken ct) =>
        await ShowAsync(await publishing.PublishAsync(lessonId, User, ct), "Admin.Published", ct);

    public async Task<IActionResult> OnPostUnpublishAsync(int lessonId, CancellationToken ct) =>
        await ShowAsync(await publishing.UnpublishAsync(lessonId, User, ct), "Admin.Unpublished", ct);

    public async Task<IActionResult> OnPostImportAsync(CancellationToken ct)
    {
        var path = ContentImporter.ResolveContentPath(site.Value.ContentPath, environment.ContentRootPath);
        try
        {
            var report = await importer.ImportAsync(path, report =>
                audit.Record(db, User, AuditActions.ContentImport, "content", site.Value.ContentPath, null, report), ct);
            // Any lesson may have changed, and with it every page's outline and counts.
            await pageCache.AllLessonsChangedAsync(ct);
            LastImport = JsonSerializer.Serialize(report);
            TempData["AdminMessage"] = text["Admin.Import.Done"].Value;
            return RedirectToPage("/Lessons/Admin/Index");
        }
        catch (ContentImportException e)
        {
            db.ChangeTracker.Clear();
            ImportError = e.Message;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync(ct);
            return Page();
        }
    }

    private async Task<IActionResult> ShowAsync(PublishResult result, string doneKey, CancellationToken ct)
    {
        if (result.Lesson is not { } lesson)
        {
            return NotFound();
        }
        if (!result.Changed)
        {
            ModelState.AddModelError(string.Empty, text[lesson.Status switch
            {
                LessonStatus.Unpublished => "Admin.FileMissing",
                LessonStatus.Published => "Admin.AlreadyPublished",
                _ => "Admin.AlreadyDraft",
            }, lesson.Title].Value);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync(ct);
            return Page();
        }
        TempData["AdminMessage"] = text[doneKey, lesson.Title].Value;
        return RedirectToPage("/Lessons/Admin/Index");
    }

    private async Task LoadAsync(CancellationToken ct) =>
        Rows = await db.Lessons.AsNoTracking()
            .OrderBy(l => l.Course.Title).ThenBy(l => l.Module.Position).ThenBy(l => l.Position).ThenBy(l => l.Slug)
            .Select(l => new LessonRow(
                l.Id, l.Course.Slug, l.Course.Title, l.Module.Title, l.Slug, l.Title, l.Status,
                l.RevisionNumber, l.Revisions.Count, l.UpdatedAt, l.SourcePath))
            .ToListAsync(ct);

    /// The LessonsText key of a lesson status's label.
    public static string StatusKey(LessonStatus status) => status switch
    {
        LessonStatus.Published => "Admin.Status.Published",
        LessonStatus.Draft => "Admin.Status.Draft",
        _ => "Admin.Status.Unpublished",
    };

    public sealed record LessonRow(
        int Id, string CourseSlug, string CourseTitle, string ModuleTitle, string Slug, string Title, LessonStatus Status,
        int RevisionNumber, int RevisionCount, DateTimeOffset UpdatedAt, string SourcePath);
}
