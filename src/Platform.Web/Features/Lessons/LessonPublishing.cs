using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Platform.Web.Features.Admin;
using Platform.Web.Infrastructure.Caching;
using Platform.Web.Infrastructure.Data;

namespace Platform.Web.Features.Lessons;

/// What a publish or unpublish came to; <see cref="Lesson"/> is null when there is no such lesson.
public sealed record PublishResult(Lesson? Lesson, bool Changed);

/// Publishing rules: a draft can be published, a published lesson unpublished (it becomes a draft
/// admins still preview; an import leaves it so until its file changes). A lesson whose file is
/// gone (Unpublished) cannot be published. Each change writes its audit row in the same save and
/// evicts every cached page (neighbours' links and lesson counts change too).
public sealed class LessonPublishing(PlatformDbContext db, AuditLog audit, TimeProvider clock, PageCacheEviction pageCache)
{
    public Task<PublishResult> PublishAsync(int lessonId, ClaimsPrincipal actor, CancellationToken ct) =>
        ChangeAsync(lessonId, LessonStatus.Draft, LessonStatus.Published, AuditActions.LessonPublish, actor, ct);

    public Task<PublishResult> UnpublishAsync(int lessonId, ClaimsPrincipal actor, CancellationToken ct) =>
        ChangeAsync(lessonId, LessonStatus.Published, LessonStatus.Draft, AuditActions.LessonUnpublish, actor, ct);

    private async Task<PublishResult> ChangeAsync(
        int lessonId, LessonStatus from, LessonStatus to, string action, ClaimsPrincipal actor, CancellationToken ct)
    {
        var lesson = await db.Lessons.FirstOrDefaultAsync(l => l.Id == lessonId, ct);
        if (lesson is null || lesson.Status != from)
        {
            return new PublishResult(lesson, Changed: false);
        }
        audit.Record(db, actor, action, "lesson", lessonId.ToString(CultureInfo.InvariantCulture),
            new { status = lesson.Status.ToString() }, new { status = to.ToString() });
        lesson.Status = to;
        lesson.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        await pageCache.AllLessonsChangedAsync(ct);
        return new PublishResult(lesson, Changed: true);
    }
}
