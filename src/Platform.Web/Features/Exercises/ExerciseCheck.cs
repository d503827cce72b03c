using Microsoft.EntityFrameworkCore;
using Platform.Web.Features.Lessons;
using Platform.Web.Features.Progress;
using Platform.Web.Infrastructure.Data;

namespace Platform.Web.Features.Exercises;

/// A quiz question of a published lesson's current revision, found by `course/lesson/question`.
public sealed record ExerciseTarget(int LessonId, string LessonKey, string LessonTitle, LessonExercise Exercise)
{
    public string Key => LessonExercise.Key(LessonKey, Exercise.Id);
}

public sealed record ExerciseOutcome(ExerciseTarget Target, bool Correct, bool FirstTime);

/// Checks answers on the server (the page never holds them) and, for a learner, records the
/// first right answer through the progress ledger, so its XP is paid once.
public sealed class ExerciseCheck(PlatformDbContext db, ProgressLedger ledger)
{
    public static (string Lesson, string Id)? ParseKey(string? key)
    {
        if (string.IsNullOrWhiteSpace(key) || key.Length > 262)
        {
            return null;
        }
        var slash = key.LastIndexOf('/');
        return slash > 0 && slash < key.Length - 1 && LessonKey.Parse(key[..slash]) is not null
            ? (key[..slash], key[(slash + 1)..])
            : null;
    }

    public async Task<ExerciseTarget?> FindAsync(string? key, CancellationToken ct) =>
        ParseKey(key) is { } parsed ? (await FindInLessonAsync(parsed.Lesson, ct)).FirstOrDefault(t => t.Exercise.Id == parsed.Id) : null;

    /// Every question of a published lesson's current revision.
    public async Task<IReadOnlyList<ExerciseTarget>> FindInLessonAsync(string lessonKey, CancellationToken ct)
    {
        if (LessonKey.Parse(lessonKey) is not { } lesson)
        {
            return [];
        }
        var found = await (
            from l in db.Lessons.AsNoTracking().PublishedByKey(lesson)
            join r in db.LessonRevisions on new { LessonId = l.Id, Number = l.RevisionNumber } equals new { r.LessonId, r.Number }
            select new { l.Id, l.Title, r.ExercisesJson })
            .FirstOrDefaultAsync(ct);
        return found is null
            ? []
            : LessonExercise.Deserialize(found.ExercisesJson).Select(e => new ExerciseTarget(found.Id, lessonKey, found.Title, e)).ToList();
    }

    /// Checks <paramref name="answer"/>; a right answer from a learner (<paramref name="userId"/>)
    /// is recorded, and <see cref="ExerciseOutcome.FirstTime"/> says whether it paid XP.
    public async Task<ExerciseOutcome> AnswerAsync(ExerciseTarget target, string answer, string? userId, DateTimeOffset? solvedAt, CancellationToken ct)
    {
        var correct = target.Exercise.Check(answer);
        var first = correct && userId is not null
            && await ledger.SolveExerciseAsync(db, userId, target.LessonId, target.Exercise.Id, answer.Trim(), solvedAt, ct);
        return new ExerciseOutcome(target, correct, first);
    }

    /// The questions of one lesson the learner has answered right.
    public Task<List<string>> SolvedInLessonAsync(string userId, int lessonId, CancellationToken ct) =>
        db.Set<ExerciseSolution>().AsNoTracking()
            .Where(s => s.UserId == userId && s.LessonId == lessonId)
            .Select(s => s.ExerciseId)
            .ToListAsync(ct);
}
