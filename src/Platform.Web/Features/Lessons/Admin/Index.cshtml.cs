using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
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
    IWebHostEnvironment environment, PageCacheEviction pageCache) : PageModel
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
        await ShowAsync(await publishing.PublishAsync(lessonId, User, ct), "공개했어요", ct);

    public async Task<IActionResult> OnPostUnpublishAsync(int lessonId, CancellationToken ct) =>
        await ShowAsync(await publishing.UnpublishAsync(lessonId, User, ct), "비공개로 바꿨어요", ct);

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
            TempData["AdminMessage"] = "콘텐츠를 다시 가져왔어요.";
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

    private async Task<IActionResult> ShowAsync(PublishResult result, string done, CancellationToken ct)
    {
        if (result.Lesson is not { } lesson)
        {
            return NotFound();
        }
        if (!result.Changed)
        {
            ModelState.AddModelError(string.Empty, lesson.Status == LessonStatus.Unpublished
                ? $"'{lesson.Title}'은(는) 콘텐츠 폴더에 파일이 없어서 공개할 수 없어요."
                : $"'{lesson.Title}'은(는) 이미 {(lesson.Status == LessonStatus.Published ? "공개" : "비공개")} 상태예요.");
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync(ct);
            return Page();
        }
        TempData["AdminMessage"] = $"'{lesson.Title}'을(를) {done}.";
        return RedirectToPage("/Lessons/Admin/Index");
    }

    private async Task LoadAsync(CancellationToken ct) =>
        Rows = await db.Lessons.AsNoTracking()
            .OrderBy(l => l.Course.Title).ThenBy(l => l.Module.Position).ThenBy(l => l.Position).ThenBy(l => l.Slug)
            .Select(l => new LessonRow(
                l.Id, l.Course.Slug, l.Course.Title, l.Module.Title, l.Slug, l.Title, l.Status,
                l.RevisionNumber, l.Revisions.Count, l.UpdatedAt, l.SourcePath))
            .ToListAsync(ct);

    public static string StatusLabel(LessonStatus status) => status switch
    {
        LessonStatus.Published => "공개",
        LessonStatus.Draft => "비공개 (초안)",
        _ => "파일 없음",
    };

    public sealed record LessonRow(
        int Id, string CourseSlug, string CourseTitle, string ModuleTitle, string Slug, string Title, LessonStatus Status,
        int RevisionNumber, int RevisionCount, DateTimeOffset UpdatedAt, string SourcePath);
}
