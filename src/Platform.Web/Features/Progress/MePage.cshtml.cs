using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Platform.Web.Features.Account;
using Platform.Web.Infrastructure.Data;
using Platform.Web.Infrastructure.Time;

namespace Platform.Web.Features.Progress;

/// /me: level, XP to the next level, the XP history, all achievements, per-course progress and
/// the learner's preferences.
[Authorize]
public sealed class MePageModel(PlatformDbContext db, ProgressReader reader, ProgressLedger ledger, UserManager<User> users, SignInManager<User> signIn, TimeProvider clock, IStringLocalizer<ProgressText> text) : PageModel
{
    public string DisplayName { get; private set; } = "";

    public ProgressStanding Standing { get; private set; } = null!;

    public string? NextLevelName { get; private set; }

    public List<CourseRow> Courses { get; private set; } = [];

    public List<AchievementRow> Achievements { get; private set; } = [];

    public IReadOnlyList<AchievementListItem> AchievementList =>
        Achievements.Select(a => new AchievementListItem(a.Definition, a.EarnedAt is { } at ? FormatDate(at) : null)).ToList();

    public Streak Streak { get; private set; } = new(0, 0);

    public List<XpRow> History { get; private set; } = [];

    public PersonTime Time { get; private set; } = PersonTime.Site;

    [BindProperty]
    public PreferencesInput Preferences { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public sealed class PreferencesInput
    {
        public string TimeZone { get; set; } = "";
    }

    public sealed record CourseRow(string Slug, string Title, CourseProgressView Progress);

    public sealed record AchievementRow(AchievementDefinition Definition, DateTimeOffset? EarnedAt);

    public sealed record XpRow(DateTimeOffset At, string What, int Xp);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostPreferencesAsync(CancellationToken ct)
    {
        var userId = User.RequiredUserId();
        var zone = Preferences.TimeZone?.Trim();
        if (!PersonTime.IsKnown(zone))
        {
            ModelState.AddModelError("Preferences.TimeZone", text["Me.UnknownTimeZone"]);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync(ct);
            return Page();
        }
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(u => u.SetProperty(x => x.TimeZone, zone), ct);
        // Streak days depend on the zone: what the new zone earns is awarded now (nothing is taken back).
        await ledger.EvaluateAsync(db, userId, ct);
        // Times on every page read the zone from the sign-in cookie: renew it with the new zone.
        if (await users.GetUserAsync(User) is { } user)
        {
            await signIn.RefreshSignInAsync(user);
        }
        StatusMessage = text["Me.TimeZoneSaved"];
        return RedirectToPage();
    }

    public string Format(DateTimeOffset at) => Time.Moment(at);

    public string FormatDate(DateTimeOffset at) => Time.Date(at);

    private async Task LoadAsync(CancellationToken ct)
    {
        var userId = User.RequiredUserId();
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.DisplayName, u.TimeZone })
            .FirstAsync(ct);
        DisplayName = user.DisplayName;
        Time = PersonTime.For(user.TimeZone);
        if (string.IsNullOrEmpty(Preferences.TimeZone))
        {
            Preferences.TimeZone = user.TimeZone;
        }

        Standing = await reader.StandingAsync(userId, ct);
        NextLevelName = ProgressRules.Levels.FirstOrDefault(l => l.Number == Standing.Level.Number + 1)?.Name;

        var catalog = await reader.CatalogAsync(ct);
        var completed = await reader.CompletedAsync(userId, ct);
        var courseTitles = await db.Courses.AsNoTracking().Where(c => c.IsPublished).OrderBy(c => c.Slug)
            .Select(c => new { c.Slug, c.Title })
            .ToListAsync(ct);
        Courses = courseTitles
            .Select(c => new CourseRow(c.Slug, c.Title, CourseProgressView.For(
                c.Slug, catalog.Where(l => l.CourseSlug == c.Slug).Select(l => (l.Key, l.Title)).ToList(), completed)))
            .Where(c => c.Progress.Total > 0)
            .ToList();

        Streak = Streak.Of(completed.Values, Time.Zone, clock.GetUtcNow());
        var awards = (await reader.AwardsAsync(userId, ct)).ToDictionary(a => a.AchievementId, a => a.EarnedAt, StringComparer.Ordinal);
        Achievements = ProgressRules.Achievements
            .Select(a => new AchievementRow(a, awards.TryGetValue(a.Id, out var at) ? at : null))
            .ToList();

        var events = await db.Set<XpEvent>().AsNoTracking()
            .Where(e => e.UserId == userId)
            .OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id)
            .Select(e => new { e.Source, e.Xp, e.CreatedAt })
            .ToListAsync(ct);
        var lessonIds = events
            .Where(e => e.Source.StartsWith(XpEvent.LessonSourcePrefix, StringComparison.Ordinal))
            .Select(e => int.TryParse(e.Source.AsSpan(XpEvent.LessonSourcePrefix.Length), CultureInfo.InvariantCulture, out var id) ? id : 0)
            .ToList();
        var lessonTitles = await db.Lessons.AsNoTracking().Where(l => lessonIds.Contains(l.Id))
            .Select(l => new { l.Id, l.Title, Course = l.Course.Title })
            .ToDictionaryAsync(l => XpEvent.ForLesson(l.Id), l => $"{l.Course} · {l.Title}", ct);
        History = events.Select(e => new XpRow(e.CreatedAt, Describe(e.Source, lessonTitles, text), e.Xp)).ToList();
    }

    private static string Describe(string source, Dictionary<string, string> lessonTitles, IStringLocalizer<ProgressText> text)
    {
        if (lessonTitles.TryGetValue(source, out var lesson))
        {
            return text["Me.HistoryLesson", lesson];
        }
        if (source.StartsWith(XpEvent.AchievementSourcePrefix, StringComparison.Ordinal))
        {
            var id = source[XpEvent.AchievementSourcePrefix.Length..];
            var achievement = ProgressRules.Achievements.FirstOrDefault(a => a.Id == id);
            return achievement is null ? text["Me.HistoryUnknownAchievement", id] : text["Me.HistoryAchievement", text[$"Achievement.{achievement.Id}.Name"].Value];
        }
        return source;
    }
}
