using System.Globalization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Platform.Web.Features.Account;
using Platform.Web.Infrastructure.Data;

namespace Platform.Web.Features.Progress;

public sealed record AchievementListItem(AchievementDefinition Definition, string? EarnedOn);

/// /achievements: all of them, to everyone. A learner's earned ones carry the day (in their time
/// zone); a visitor's are marked by progress.js from this browser's record.
public sealed class AchievementsPageModel(PlatformDbContext db, ProgressReader reader) : PageModel
{
    private static readonly CultureInfo Korean = CultureInfo.GetCultureInfo("ko-KR");

    public IReadOnlyList<AchievementListItem> Achievements { get; private set; } = [];

    public bool IsLearner { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var userId = User.UserId();
        IsLearner = userId is not null;
        var earned = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var zone = TimeZoneInfo.Utc;
        if (userId is not null)
        {
            earned = (await reader.AwardsAsync(userId, ct)).ToDictionary(a => a.AchievementId, a => a.EarnedAt, StringComparer.Ordinal);
            zone = LearnerTimeZones.Find(await db.Users.Where(u => u.Id == userId).Select(u => u.TimeZone).FirstOrDefaultAsync(ct));
        }
        Achievements = ProgressRules.Achievements
            .Select(a => new AchievementListItem(a, earned.TryGetValue(a.Id, out var at) ? FormatDay(at, zone) : null))
            .ToList();
    }

    public static string FormatDay(DateTimeOffset at, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy년 M월 d일", Korean);
}
