using Microsoft.AspNetCore.Mvc;
using Platform.Web.Features.Account;

namespace Platform.Web.Features.Progress;

/// The level and XP in the site header. A learner's comes from the database; a visitor gets the
/// same zero state for everyone (pages stay cacheable) and progress.js fills it from localStorage.
public sealed class ProgressWidgetViewComponent(ProgressReader reader) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        var userId = UserClaimsPrincipal.UserId();
        var standing = userId is null ? ProgressStanding.Zero(0) : await reader.StandingAsync(userId);
        return View("/Features/Progress/_ProgressWidget.cshtml", new LearnerView<ProgressStanding>(userId, standing));
    }
}

/// The standing strip of the lesson page (#progress-standing).
public sealed class ProgressStandingViewComponent(ProgressReader reader, TimeProvider clock) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(int lessonsTotal)
    {
        var userId = UserClaimsPrincipal.UserId();
        if (userId is null)
        {
            return View("/Features/Progress/_Standing.cshtml", new LearnerView<StandingView>(null, new StandingView(ProgressStanding.Zero(lessonsTotal), new Streak(0, 0), null)));
        }
        var standing = await reader.StandingAsync(userId);
        var streak = await reader.StreakAsync(userId, clock.GetUtcNow());
        return View("/Features/Progress/_Standing.cshtml", new LearnerView<StandingView>(userId, new StandingView(standing, streak, await reader.TimeZoneOfAsync(userId))));
    }
}

/// The strip's model: standing, streak, and the zone the streak's days are counted in.
public sealed record StandingView(ProgressStanding Standing, Streak Streak, string? TimeZone);

/// The lesson page's progress box (#progress-box): mark as done, or the local-only note.
public sealed class ProgressBoxViewComponent(ProgressReader reader) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(string lesson, string? nextPath = null, string? nextTitle = null)
    {
        var userId = UserClaimsPrincipal.UserId();
        DateTimeOffset? completedAt = null;
        string[] gain = [];
        if (userId is not null)
        {
            if ((await reader.CompletedAsync(userId)).TryGetValue(lesson, out var at))
            {
                completedAt = at;
            }
            // Set by the plain form post (MarkLesson): said once, on the page it returns to.
            gain = TempData[MarkLessonModel.GainKey] is string lines ? lines.Split('\n') : [];
        }
        return View("/Features/Progress/_ProgressBox.cshtml", new ProgressBoxView(userId, lesson, completedAt) { NextPath = nextPath, NextTitle = nextTitle, Gain = gain });
    }
}

public sealed record LearnerView<T>(string? UserId, T Value)
{
    public bool IsLearner => UserId is not null;
}

public sealed record ProgressBoxView(string? UserId, string Lesson, DateTimeOffset? CompletedAt)
{
    public string? NextPath { get; init; }

    public string? NextTitle { get; init; }

    public IReadOnlyList<string> Gain { get; init; } = [];

    public bool IsLearner => UserId is not null;

    public bool IsDone => CompletedAt is not null;
}

/// Done, total and the lesson to continue with, for one course (course page, catalog card).
public sealed record CourseProgressView(string CourseSlug, int Done, int Total, string? ContinuePath, string? ContinueTitle, bool Started)
{
    public int Percent => Total == 0 ? 0 : (int)Math.Floor(100.0 * Done / Total);

    /// <paramref name="lessons"/>: the course's published lessons (`course/lesson`, title) in order.
    public static CourseProgressView For(
        string courseSlug, IReadOnlyList<(string Key, string Title)> lessons, IReadOnlyDictionary<string, DateTimeOffset>? completed)
    {
        var done = completed is null ? 0 : lessons.Count(l => completed.ContainsKey(l.Key));
        var next = lessons.Where(l => completed is null || !completed.ContainsKey(l.Key)).Select(l => ((string Key, string Title)?)l).FirstOrDefault();
        return new CourseProgressView(courseSlug, done, lessons.Count, next is { } n ? "/courses/" + n.Key : null, next?.Title, done > 0);
    }
}
