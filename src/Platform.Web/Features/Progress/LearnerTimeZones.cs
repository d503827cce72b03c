namespace Platform.Web.Features.Progress;

/// The time zones a learner can pick on /me (any zone this machine knows is accepted: PersonTime.IsKnown).
public static class LearnerTimeZones
{
    public static IReadOnlyList<(string Id, string Label)> Common { get; } =
    [
        ("Asia/Seoul", "서울 (Asia/Seoul)"),
        ("Asia/Tokyo", "도쿄 (Asia/Tokyo)"),
        ("Asia/Shanghai", "상하이 (Asia/Shanghai)"),
        ("Asia/Singapore", "싱가포르 (Asia/Singapore)"),
        ("Asia/Kolkata", "콜카타 (Asia/Kolkata)"),
        ("Australia/Sydney", "시드니 (Australia/Sydney)"),
        ("Europe/London", "런던 (Europe/London)"),
        ("Europe/Berlin", "베를린 (Europe/Berlin)"),
        ("Europe/Paris", "파리 (Europe/Paris)"),
        ("America/New_York", "뉴욕 (America/New_York)"),
        ("America/Chicago", "시카고 (America/Chicago)"),
        ("America/Denver", "덴버 (America/Denver)"),
        ("America/Los_Angeles", "로스앤젤레스 (America/Los_Angeles)"),
        ("Pacific/Honolulu", "호놀룰루 (Pacific/Honolulu)"),
        ("UTC", "협정 세계시 (UTC)"),
    ];
}
