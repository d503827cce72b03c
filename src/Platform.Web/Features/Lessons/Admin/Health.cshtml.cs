using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Platform.Web.Features.Lessons.Admin;

/// Lesson health: every lesson in course order with its completions, drop-off, votes, open
/// reports and recent comments, from one query; sortable by any figure.
public sealed class AdminLessonHealthModel(LessonHealth health) : PageModel
{
    public static readonly IReadOnlyDictionary<string, string> Sorts = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["order"] = "강좌 순서",
        ["completions"] = "완료",
        ["dropoff"] = "이탈",
        ["unhelpful"] = "아쉬워요",
        ["reports"] = "열린 신고",
        ["comments"] = "최근 댓글",
        ["revised"] = "리비전 날짜",
    };

    /// Its label is in LessonsText (the labels above are still literals, awaiting their conversion).
    public const string LinksSort = "links";

    public IReadOnlyList<LessonHealthRow> Rows { get; private set; } = [];

    public string Sort { get; private set; } = "order";

    public async Task OnGetAsync(string? sort, CancellationToken ct)
    {
        Sort = sort is not null && (Sorts.ContainsKey(sort) || sort == LinksSort) ? sort : "order";
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
