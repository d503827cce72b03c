using Microsoft.Extensions.Localization;

namespace Platform.Web.Features.Progress;

/// Days in a row with at least one completion, counted in the learner's time zone. The current
/// streak is still alive on the day after its last completion (today is not over yet).
public sealed record Streak(int Current, int Longest)
{
    public static Streak Of(IEnumerable<DateTimeOffset> completions, TimeZoneInfo zone, DateTimeOffset now)
    {
        var days = completions.Select(c => DayOf(c, zone)).Distinct().Order().ToList();
        int longest = 0, run = 0;
        DateOnly? previous = null;
        foreach (var day in days)
        {
            run = previous is { } p && p.AddDays(1) == day ? run + 1 : 1;
            longest = Math.Max(longest, run);
            previous = day;
        }
        var today = DayOf(now, zone);
        var current = previous is { } last && (last == today || last == today.AddDays(-1)) ? run : 0;
        return new Streak(current, longest);
    }

    private static DateOnly DayOf(DateTimeOffset at, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);
}

/// What one "mark as done" earned: XP, a new level, achievements. Said after the plain form post
/// (the page shows it once) and, by progress.js, in a toast.
public sealed record ProgressGain(int Xp, LevelStanding? NewLevel, IReadOnlyList<AchievementDefinition> Achievements)
{
    public static ProgressGain Between(ProgressStanding before, ProgressStanding after, IEnumerable<string> achievementsBefore, IEnumerable<string> achievementsAfter)
    {
        var had = achievementsBefore.ToHashSet(StringComparer.Ordinal);
        var earned = achievementsAfter.Where(id => !had.Contains(id))
            .Select(id => ProgressRules.Achievements.FirstOrDefault(a => a.Id == id))
            .OfType<AchievementDefinition>()
            .ToList();
        return new ProgressGain(after.Xp - before.Xp, after.Level.Number > before.Level.Number ? after.Level : null, earned);
    }

    /// One line per gain, for the page's status notice.
    public IEnumerable<string> Lines(IStringLocalizer<ProgressText> text)
    {
        if (Xp > 0)
        {
            yield return text["Box.ToastXp", Xp];
        }
        if (NewLevel is { } level)
        {
            yield return text["Box.ToastLevel", $"{level.Number} · {text[$"Level.{level.Number}"].Value}"];
        }
        foreach (var a in Achievements)
        {
            yield return text["Box.ToastAchievement", $"{text[$"Achievement.{a.Id}.Name"].Value} (+{a.Xp} XP)"];
        }
    }
}
