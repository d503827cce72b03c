using Microsoft.AspNetCore.Mvc.RazorPages;
using Platform.Web.Features.Account;

using Platform.Web.Infrastructure.Time;

namespace Platform.Web.Features.Progress;

public sealed record AchievementListItem(AchievementDefinition Definition, string? EarnedOn);

/// /achievements: all of them, to everyone. A learner's earned ones carry the day (in their time
/// zone); a visitor's are marked by progress.js from this browser's record.
public sealed class AchievementsPageModel(ProgressReader reader) : PageModel
{
    public IReadOnlyList<AchievementListItem> Achievements { get; private set; } = [];

    public bool IsLearner { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var userId = User.UserId();
        IsLearner = userId is not null;
        var earned = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var time = PersonTime.Of(User);
        if (userId is not null)
        {
            earned = (await reader.AwardsAsync(userId, ct)).ToDictionary(a => a.AchievementId, a => a.EarnedAt, StringComparer.Ordinal);
        }
        Achievements = ProgressRules.Achievements
            .Select(a => new AchievementListItem(a, earned.TryGetValue(a.Id, out var at) ? time.Date(at) : null))
            .ToList();
    }

}
