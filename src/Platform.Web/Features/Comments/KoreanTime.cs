using System.Globalization;

namespace Platform.Web.Features.Comments;

/// Times as learners read them: "3분 전" on the page (wwwroot/js/relative-time.js keeps it fresh
/// on cached pages), the exact Korean time on hover.
public static class KoreanTime
{
    private static readonly TimeZoneInfo Seoul = TimeZoneInfo.FindSystemTimeZoneById("Asia/Seoul");
    private static readonly CultureInfo Korean = CultureInfo.GetCultureInfo("ko-KR");

    public static string Relative(DateTimeOffset time, DateTimeOffset now)
    {
        var age = now - time;
        return age switch
        {
            { TotalMinutes: < 1 } => "방금 전",
            { TotalHours: < 1 } => $"{(int)age.TotalMinutes}분 전",
            { TotalDays: < 1 } => $"{(int)age.TotalHours}시간 전",
            { TotalDays: < 30 } => $"{(int)age.TotalDays}일 전",
            _ => Date(time),
        };
    }

    public static string Date(DateTimeOffset time) =>
        TimeZoneInfo.ConvertTime(time, Seoul).ToString("yyyy년 M월 d일", Korean);

    public static string Exact(DateTimeOffset time) =>
        TimeZoneInfo.ConvertTime(time, Seoul).ToString("yyyy년 M월 d일 tt h:mm", Korean) + " (KST)";

    public static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
