using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Web.Features.Mail;
using Platform.Web.Infrastructure.Hosting;
using Platform.Web.Infrastructure.Text;
using Platform.Web.Infrastructure.Time;

namespace Platform.Web.Features.Reports;

/// Tells the reporter how their report ended (Fixed or Won't fix), once per report whatever
/// happens to its status later: the dedupe key names the report, not the change.
public sealed class ReportResolutionMail(Outbox outbox, IOptions<SiteOptions> site)
{
    public static string DedupeKey(int reportId) => $"report:{reportId}:resolved";

    /// Adds the mail to <paramref name="db"/> when the report has an address and has not been
    /// answered before, dated in the reporter's zone (the site's for an address without an account); the caller's SaveChanges queues it with the status change.
    public async Task<bool> QueueAsync(DbContext db, ProblemReport report, string? accountEmail, string? accountTimeZone, CancellationToken ct)
    {
        var to = accountEmail ?? report.ContactEmail;
        var key = DedupeKey(report.Id);
        if (string.IsNullOrWhiteSpace(to) || await db.Set<OutboxMessage>().AnyAsync(m => m.DedupeKey == key, ct))
        {
            return false;
        }
        var siteName = site.Value.SiteName;
        var fixedIt = report.Status == ReportStatus.Fixed;
        var heading = fixedIt ? "신고하신 문제를 고쳤어요" : "신고하신 내용을 검토했어요";
        var excerpt = Excerpt.Of(report.Description, Excerpt.Quote);
        var body = MailBody.Compose(
            siteName,
            heading,
            [
                $"{PersonTime.For(accountTimeZone).IsoDay(report.CreatedAt)}에 보내 주신 신고 #{report.Id} ({report.Category.Label()})를 확인했어요.",
                $"“{excerpt}”",
                fixedIt
                    ? "알려 주신 덕분에 페이지를 고쳤어요. 정말 고마워요."
                    : "검토한 결과 이번에는 고치지 않기로 했어요. 그래도 의견을 보내 주셔서 고마워요.",
            ],
            "페이지 보기",
            site.Value.PublicUrl.TrimEnd('/') + report.PageUrl,
            "이 메일은 문제 신고에 답하는 한 번만 보내 드려요.");
        outbox.Enqueue(db, new OutgoingMail(key, to, $"[{siteName}] {heading}", body));
        return true;
    }
}
