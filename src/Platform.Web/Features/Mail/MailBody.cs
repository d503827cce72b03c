using System.Net;
using System.Text;
using Platform.Web.Infrastructure.Localization;

namespace Platform.Web.Features.Mail;

/// A secondary link in a mail's footer ("이 스레드 알림 끄기").
public sealed record MailLink(string Text, string Url);

/// An e-mail body as HTML with its plain-text alternative.
public sealed record MailBody(string Html, string Text)
{
    /// The platform's one mail layout: a greeting, paragraphs, one action button with its link
    /// spelled out for plain-text readers, and a footer naming the site. Text is encoded here;
    /// <paramref name="actionUrl"/> must be absolute, as must <paramref name="footerLinks"/>. The layout's own
    /// words are in the current UI culture: the recipient's language (Languages.Use).
    public static MailBody Compose(
        string siteName, string heading, IReadOnlyList<string> paragraphs, string actionText, string actionUrl, string? footnote = null,
        IReadOnlyList<MailLink>? footerLinks = null)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"").Append(Languages.Current).Append("\"><head><meta charset=\"utf-8\"><title>")
            .Append(Encode(heading)).Append("</title></head><body>")
            .Append("<div style=\"font-family:sans-serif;max-width:560px;margin:0 auto;line-height:1.7;color:#1d1d1f\">")
            .Append("<p style=\"font-weight:800\">").Append(Encode(siteName)).Append("</p>")
            .Append("<h1 style=\"font-size:1.3em\">").Append(Encode(heading)).Append("</h1>");
        foreach (var paragraph in paragraphs)
        {
            html.Append("<p>").Append(Encode(paragraph)).Append("</p>");
        }
        html.Append("<p><a href=\"").Append(Encode(actionUrl))
            .Append("\" style=\"display:inline-block;background:#3a5bd9;color:#fff;padding:10px 18px;border-radius:8px;text-decoration:none\">")
            .Append(Encode(actionText)).Append("</a></p>")
            .Append("<p style=\"color:#6b6b70;font-size:.9em\">").Append(Encode(MailText.Get("ButtonFallback"))).Append("<br>")
            .Append("<a href=\"").Append(Encode(actionUrl)).Append("\">").Append(Encode(actionUrl)).Append("</a></p>");
        if (footnote is not null)
        {
            html.Append("<p style=\"color:#6b6b70;font-size:.9em\">").Append(Encode(footnote)).Append("</p>");
        }
        html.Append("<hr style=\"border:0;border-top:1px solid #e6e3dc\"><p style=\"color:#6b6b70;font-size:.85em\">")
            .Append(Encode(siteName));
        foreach (var link in footerLinks ?? [])
        {
            html.Append(" · <a href=\"").Append(Encode(link.Url)).Append("\" style=\"color:#6b6b70\">").Append(Encode(link.Text)).Append("</a>");
        }
        html.Append("</p></div></body></html>");

        var text = new StringBuilder();
        text.Append(heading).Append("\n\n");
        foreach (var paragraph in paragraphs)
        {
            text.Append(paragraph).Append("\n\n");
        }
        text.Append(actionText).Append(":\n").Append(actionUrl).Append("\n\n");
        if (footnote is not null)
        {
            text.Append(footnote).Append("\n\n");
        }
        text.Append("-- \n").Append(siteName).Append('\n');
        foreach (var link in footerLinks ?? [])
        {
            text.Append(link.Text).Append(": ").Append(link.Url).Append('\n');
        }
        return new MailBody(html.ToString(), text.ToString());
    }

    private static string Encode(string value) => WebUtility.HtmlEncode(value);
}
