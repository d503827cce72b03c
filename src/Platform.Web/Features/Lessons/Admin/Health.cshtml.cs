using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Platform.Web.Features.Lessons.Admin;

/// Lesson health: every lesson in course order with its completions, drop-off, votes, open
/// reports and recent comments, from one query; sortable by any figure.
public sealed class AdminLessonHealthModel(LessonHealth health) : PageModel
{
    /// Each sort's label is LessonsText "Health.Sort.{key}".
    public static readonly IReadOnlyList<string> Sorts = ["order", "completions", "dropoff", "unhelpful", "reports", "comments", "revised"];

    /// Its label is LessonsText "Health.Sort.Links".
    public const string LinksSort = "links";

    public IReadOnlyList<LessonHealthRow> Rows { get; private set; } = [];

    public string Sort { get; private set; } = "order";

    public async Task OnGetAsync(string? sort, CancellationToken ct)
    {
        Sort = sort is not null && (Sorts.Contains(sort) || sort == LinksSort) ? sort : "order";
        var rows = await health.ReadAsync(null, ct);
        Rows = Sort switch
        {
            "completions" => [.. rows.OrderByDescending(r => r.Completions)],
            "dropoff" => [.. rows.OrderByDescending(r => r.DropOff ?? -1)],
            "unhelpful" => [.. rows.OrderByDescending(r => r.Unhelpful).ThenBy(r => r.Helpful)],
            "reports" => [.. rows.OrderByDescending(r => r.OpenReportCount)],
            "comments" => [.. rows.OrderByDescending(r => r.CommentsLast30Days)],
            LinksSort => [.. rows.OrderByDescending(r => r.FailedLinks.Count)],
            "revised" => [.. rows.OrderByDescending(r => r.RevisionDate)],
            _ => rows,
        };
    }
}
