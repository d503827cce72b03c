using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Platform.Web.Features.Mail;
using Platform.Web.Infrastructure.Hosting;
using Platform.Web.Infrastructure.Localization;
using Platform.Web.Infrastructure.Text;
using Platform.Web.Infrastructure.Time;

namespace Platform.Web.Features.Reports;

/// Tells the reporter how their report ended (Fixed or Won't fix), once per report whatever
/// happens to its status later: the dedupe key names the report, not the change.
public sealed class ReportResolutionMail(Outbox outbox, IOptions<SiteOptions> site, IStringLocalizer<ReportsText> text)
{
    public static string DedupeKey(int reportId) => $"report:{reportId}:resolved";

    /// Adds the mail to <paramref name="db"/> when the report has an address and has not been
    /// answered before, dated in the reporter's zone (the site's for an address without an account); the caller's SaveChanges queues it with the status change.
    public async Task<bool> QueueAsync(DbContext db, ProblemReport report, string? accountEmail, string? accountTimeZone, string? accountLanguage, CancellationToken ct)
    {
        var to = accountEmail ?? report.ContactEmail;
        var key = DedupeKey(report.Id);
        if (string.IsNullOrWhiteSpace(to) || await db.Set<OutboxMessage>().AnyAsync(m => m.DedupeKey == key, ct))
        {
            return false;
        }
        // The account's language; a visitor's contact address gets the site's (Korean).
        using var language = Languages.Use(accountLanguage);
        var siteName = site.Value.SiteName;
        var fixedIt = report.Status == ReportStatus.Fixed;
        string heading = fixedIt ? text["Mail.HeadingFixed"] : text["Mail.HeadingReviewed"];
        var excerpt = Excerpt.Of(report.Description, Excerpt.Quote);
        var body = MailBody.Compose(
            siteName,
            heading,
            [
                text["Mail.Intro", PersonTime.For(accountTimeZone).IsoDay(report.CreatedAt), report.Id, report.Category.Label()],
                $"“{excerpt}”",
                fixedIt
                    ? text["Mail.Fixed"]
                    : text["Mail.WontFix"],
            ],
            text["Mail.Action"],
            site.Value.PublicUrl.TrimEnd('/') + report.PageUrl,
            text["Mail.Footnote"]);
        outbox.Enqueue(db, new OutgoingMail(key, to, text["Mail.Subject", siteName, heading], body));
        return true;
    }
}
