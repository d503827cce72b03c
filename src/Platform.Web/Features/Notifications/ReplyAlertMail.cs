using System.Globalization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Platform.Web.Features.Account;
using Platform.Web.Features.Lessons;
using Platform.Web.Features.Mail;
using Platform.Web.Infrastructure.Hosting;
using Platform.Web.Infrastructure.Localization;
using Platform.Web.Infrastructure.Text;

namespace Platform.Web.Features.Notifications;

/// One reply as an e-mail shows it.
public sealed record ReplyLine(long CommentId, long ThreadId, string AuthorName, string BodyMarkdown, string LessonTitle);

/// The reply e-mails: the alert for one thread (one or several replies in its window) and the
/// daily digest. In the recipient's language, HTML and text, through the platform's one mail layout.
public sealed class ReplyAlertMail(IOptions<SiteOptions> site, LessonMarkdown markdown, UnsubscribeTokens tokens, IStringLocalizer<NotificationsText> text)
{
    public const string AlertPrefix = "reply:";
    public const string DigestPrefix = "reply-digest:";

    private string SiteName => site.Value.SiteName;

    public string Url(string path) => site.Value.PublicUrl.TrimEnd('/') + path;

    public string UnsubscribeUrl(string userId, long threadId) =>
        Url("/notifications/unsubscribe?token=" + Uri.EscapeDataString(tokens.Create(userId, threadId)));

    public static string AlertKey(string userId, long threadId, DateTimeOffset windowStart) =>
        $"{AlertPrefix}{userId}:{threadId}:{windowStart.UtcTicks}";

    public static string AlertKeyPrefix(string userId, long threadId) => $"{AlertPrefix}{userId}:{threadId}:";

    public MailRevision Alert(string recipientName, string? language, string userId, long threadId, IReadOnlyList<ReplyLine> replies)
    {
        using var scope = Languages.Use(language);
        var lesson = replies[0].LessonTitle;
        var subject = replies.Count == 1
            ? text["Mail.Alert.SubjectOne", SiteName, AccountNames.Shown(replies[0].AuthorName), lesson]
            : text["Mail.Alert.SubjectMany", SiteName, replies.Count, lesson];
        var paragraphs = new List<string> { text["Mail.Alert.Intro", recipientName, lesson] };
        paragraphs.AddRange(replies.Select(Line));
        var body = MailBody.Compose(
            SiteName,
            replies.Count == 1 ? text["Mail.Alert.HeadingOne"] : text["Mail.Alert.HeadingMany", replies.Count],
            paragraphs,
            text["Mail.Alert.Action"],
            Url($"/comments/{replies[0].CommentId}"),
            text["Mail.Alert.Footnote"],
            [
                new MailLink(text["Mail.Alert.Mute"], UnsubscribeUrl(userId, threadId)),
                new MailLink(text["Mail.Settings"], Url("/notifications/preferences")),
            ]);
        return new MailRevision(subject, body);
    }

    /// RFC 2369 / RFC 8058: mail clients show an unsubscribe button that POSTs to the link.
    public Dictionary<string, string> AlertHeaders(string userId, long threadId) => new()
    {
        ["List-Unsubscribe"] = $"<{UnsubscribeUrl(userId, threadId)}>",
        ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click",
    };

    public MailRevision Digest(string recipientName, string? language, DateOnly day, IReadOnlyList<ReplyLine> replies)
    {
        using var scope = Languages.Use(language);
        var subject = text["Mail.Digest.Subject", SiteName, replies.Count, day.ToString(text["Mail.Digest.Day"], CultureInfo.CurrentCulture)];
        var paragraphs = new List<string> { text["Mail.Digest.Intro", recipientName] };
        paragraphs.AddRange(replies.Select(r => text["Mail.Digest.Line", r.LessonTitle, Line(r)].Value));
        var body = MailBody.Compose(
            SiteName,
            text["Mail.Digest.Heading", replies.Count],
            paragraphs,
            text["Mail.Digest.Action"],
            Url("/notifications"),
            text["Mail.Digest.Footnote"],
            [new MailLink(text["Mail.Settings"], Url("/notifications/preferences"))]);
        return new MailRevision(subject, body);
    }

    private string Line(ReplyLine reply) => text["Mail.Line", AccountNames.Shown(reply.AuthorName), markdown.UserTextExcerpt(reply.BodyMarkdown, Excerpt.Quote)];
}
