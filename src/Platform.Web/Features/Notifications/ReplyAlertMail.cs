using Microsoft.Extensions.Options;
using Platform.Web.Features.Lessons;
using Platform.Web.Features.Mail;
using Platform.Web.Infrastructure.Hosting;
using Platform.Web.Infrastructure.Text;

namespace Platform.Web.Features.Notifications;

/// One reply as an e-mail shows it.
public sealed record ReplyLine(long CommentId, long ThreadId, string AuthorName, string BodyMarkdown, string LessonTitle);

/// The reply e-mails: the alert for one thread (one or several replies in its window) and the
/// daily digest. Korean, HTML and text, through the platform's one mail layout.
public sealed class ReplyAlertMail(IOptions<SiteOptions> site, LessonMarkdown markdown, UnsubscribeTokens tokens)
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

    public MailRevision Alert(string recipientName, string userId, long threadId, IReadOnlyList<ReplyLine> replies)
    {
        var lesson = replies[0].LessonTitle;
        var subject = replies.Count == 1
            ? $"[{SiteName}] {replies[0].AuthorName}님이 답글을 남겼어요 · {lesson}"
            : $"[{SiteName}] 새 답글 {replies.Count}개 · {lesson}";
        var paragraphs = new List<string> { $"{recipientName}님, 알림을 켜 둔 '{lesson}' 스레드에 새 답글이 달렸어요." };
        paragraphs.AddRange(replies.Select(Line));
        var body = MailBody.Compose(
            SiteName,
            replies.Count == 1 ? "새 답글이 달렸어요" : $"새 답글 {replies.Count}개가 달렸어요",
            paragraphs,
            "답글 보기",
            Url($"/comments/{replies[0].CommentId}"),
            "이 스레드의 답글 알림만 끄려면 아래 '이 스레드 알림 끄기'를 누르세요. 로그인하지 않아도 돼요.",
            [
                new MailLink("이 스레드 알림 끄기", UnsubscribeUrl(userId, threadId)),
                new MailLink("알림 설정", Url("/notifications/preferences")),
            ]);
        return new MailRevision(subject, body);
    }

    /// RFC 2369 / RFC 8058: mail clients show an unsubscribe button that POSTs to the link.
    public Dictionary<string, string> AlertHeaders(string userId, long threadId) => new()
    {
        ["List-Unsubscribe"] = $"<{UnsubscribeUrl(userId, threadId)}>",
        ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click",
    };

    public MailRevision Digest(string recipientName, DateOnly day, IReadOnlyList<ReplyLine> replies)
    {
        var subject = $"[{SiteName}] 오늘의 답글 {replies.Count}개 ({day.Month}월 {day.Day}일)";
        var paragraphs = new List<string> { $"{recipientName}님, 지난 하루 동안 알림을 켜 둔 스레드에 달린 답글이에요." };
        paragraphs.AddRange(replies.Select(r => $"'{r.LessonTitle}' — {Line(r)}"));
        var body = MailBody.Compose(
            SiteName,
            $"오늘의 답글 {replies.Count}개",
            paragraphs,
            "알림 모두 보기",
            Url("/notifications"),
            "답글 메일은 설정에서 바로 받기, 하루 한 번 모아 받기, 받지 않기 중에서 고를 수 있어요.",
            [new MailLink("알림 설정", Url("/notifications/preferences"))]);
        return new MailRevision(subject, body);
    }

    private string Line(ReplyLine reply) => $"{reply.AuthorName}님: “{markdown.UserTextExcerpt(reply.BodyMarkdown, Excerpt.Quote)}”";
}
