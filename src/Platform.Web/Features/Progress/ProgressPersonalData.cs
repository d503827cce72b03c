using Microsoft.EntityFrameworkCore;
using Platform.Web.Features.Account;
using Platform.Web.Infrastructure.Data;

namespace Platform.Web.Features.Progress;

/// The learner's progress in "download my data", and gone with the account.
internal sealed class ProgressPersonalData(PlatformDbContext db) : IPersonalDataSource, IPersonalDataEraser
{
    public string Name => "progress";

    public async Task<object?> ReadAsync(string userId, CancellationToken ct) => new
    {
        TimeZone = await db.Users.Where(u => u.Id == userId).Select(u => u.TimeZone).FirstOrDefaultAsync(ct),
        Completions = await db.Set<LessonCompletion>().AsNoTracking()
            .Where(c => c.UserId == userId)
            .OrderBy(c => c.CompletedAt)
            .Select(c => new { Lesson = c.Lesson.Course.Slug + "/" + c.Lesson.Slug, c.CompletedAt })
            .ToListAsync(ct),
        ExercisesSolved = await db.Set<ExerciseSolution>().AsNoTracking()
            .Where(s => s.UserId == userId)
            .OrderBy(s => s.SolvedAt)
            .Select(s => new { Exercise = s.Lesson.Course.Slug + "/" + s.Lesson.Slug + "/" + s.ExerciseId, s.Answer, s.SolvedAt })
            .ToListAsync(ct),
        XpEvents = await db.Set<XpEvent>().AsNoTracking()
            .Where(e => e.UserId == userId)
            .OrderBy(e => e.CreatedAt).ThenBy(e => e.Id)
            .Select(e => new { e.Source, e.Xp, e.CreatedAt })
            .ToListAsync(ct),
        Achievements = await db.Set<AchievementAward>().AsNoTracking()
            .Where(a => a.UserId == userId)
            .OrderBy(a => a.EarnedAt)
            .Select(a => new { a.AchievementId, a.EarnedAt })
            .ToListAsync(ct),
        Activities = await db.Set<LearnerActivity>().AsNoTracking()
            .Where(a => a.UserId == userId)
            .OrderBy(a => a.OccurredAt)
            .Select(a => new { Kind = a.Kind.ToString(), a.SourceKey, a.OccurredAt })
            .ToListAsync(ct),
    };

    public async Task EraseAsync(PlatformDbContext context, string userId, CancellationToken ct)
    {
        await context.Set<LessonCompletion>().Where(c => c.UserId == userId).ExecuteDeleteAsync(ct);
        await context.Set<ExerciseSolution>().Where(s => s.UserId == userId).ExecuteDeleteAsync(ct);
        await context.Set<XpEvent>().Where(e => e.UserId == userId).ExecuteDeleteAsync(ct);
        await context.Set<AchievementAward>().Where(a => a.UserId == userId).ExecuteDeleteAsync(ct);
        await context.Set<LearnerActivity>().Where(a => a.UserId == userId).ExecuteDeleteAsync(ct);
    }
}
