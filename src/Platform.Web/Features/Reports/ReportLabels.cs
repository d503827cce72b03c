namespace Platform.Web.Features.Reports;

/// How categories and statuses read in Korean, in the form, the admin area and mail.
public static class ReportLabels
{
    public static IReadOnlyList<ReportCategory> Categories { get; } = Enum.GetValues<ReportCategory>();

    public static IReadOnlyList<ReportStatus> Statuses { get; } = Enum.GetValues<ReportStatus>();

    public static string Label(this ReportCategory category) => category switch
    {
        ReportCategory.Typo => "오타",
        ReportCategory.ContentError => "내용 오류",
        ReportCategory.CodeBroken => "코드가 동작하지 않음",
        ReportCategory.BrokenLink => "링크 깨짐",
        _ => "기타",
    };

    public static string Label(this ReportStatus status) => status switch
    {
        ReportStatus.New => "새 신고",
        ReportStatus.Triaged => "분류됨",
        ReportStatus.Fixed => "수정됨",
        ReportStatus.WontFix => "수정 안 함",
        _ => "중복",
    };
}
