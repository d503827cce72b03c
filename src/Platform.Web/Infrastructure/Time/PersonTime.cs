using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Rendering;
using Platform.Web.Infrastructure.Localization;

namespace Platform.Web.Infrastructure.Time;

/// The one formatter for times shown to a person, in that person's time zone: a learner's
/// <c>TimeZone</c> setting (carried in the sign-in cookie as <see cref="Claim"/>), or the site's zone
/// for visitors, mails to addresses without an account, and the dates admins pick.
public sealed class PersonTime
{
    /// The site's zone: its readers and admins are in Korea. Named here and nowhere else.
    public const string SiteZoneId = "Asia/Seoul";

    /// The sign-in cookie claim holding the learner's zone id.
    public const string Claim = "platform:time_zone";

    private PersonTime(TimeZoneInfo zone) => Zone = zone;

    public static PersonTime Site { get; } = new(TimeZoneInfo.FindSystemTimeZoneById(SiteZoneId));

    public TimeZoneInfo Zone { get; }

    public static bool IsKnown(string? zoneId) =>
        !string.IsNullOrWhiteSpace(zoneId) && TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out _);

    /// The zone named <paramref name="zoneId"/>, or the site's when it is empty or unknown here.
    public static PersonTime For(string? zoneId) =>
        zoneId is null or SiteZoneId || !TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var zone)
            ? Site
            : new PersonTime(zone);

    /// The zone of whoever is looking: the signed-in learner's, or the site's for a visitor.
    public static PersonTime Of(ClaimsPrincipal viewer) => For(viewer.FindFirstValue(Claim));

    public DateTimeOffset Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Zone);

    public DateOnly Day(DateTimeOffset at) => DateOnly.FromDateTime(Local(at).DateTime);

    /// The moment <paramref name="day"/> begins in this zone.
    public DateTimeOffset StartOf(DateOnly day)
    {
        var start = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(start, Zone.GetUtcOffset(start)).ToUniversalTime();
    }

    /// "3분 전" / "3 minutes ago" in the current culture; older than 30 days, the date
    /// (wwwroot/js/relative-time.js keeps it fresh with Intl.RelativeTimeFormat).
    public string Relative(DateTimeOffset at, DateTimeOffset now)
    {
        var age = now - at;
        return age switch
        {
            { TotalMinutes: < 1 } => Localized.Text<SharedText>("Time.JustNow"),
            { TotalHours: < 1 } => Ago("Time.MinuteAgo", "Time.MinutesAgo", (int)age.TotalMinutes),
            { TotalDays: < 1 } => Ago("Time.HourAgo", "Time.HoursAgo", (int)age.TotalHours),
            { TotalDays: < 30 } => Ago("Time.DayAgo", "Time.DaysAgo", (int)age.TotalDays),
            _ => Date(at),
        };
    }

    /// "2026년 11월 29일" / "November 29, 2026" (the current culture's words and order).
    public string Date(DateTimeOffset at) => Format(at, "Time.DateFormat");

    /// "2026년 11월 29일 14:05" / "November 29, 2026 14:05".
    public string Moment(DateTimeOffset at) => Format(at, "Time.MomentFormat");

    /// "2026년 11월 29일 오후 2:05 (KST)" / "November 29, 2026 2:05 PM (KST)": the exact time on
    /// hover, naming the zone.
    public string Exact(DateTimeOffset at) => Format(at, "Time.ExactFormat") + $" ({Abbreviation(at)})";

    private string Format(DateTimeOffset at, string patternKey) =>
        Local(at).ToString(Localized.Text<SharedText>(patternKey), CultureInfo.CurrentCulture);

    private static string Ago(string one, string many, int count) =>
        count == 1 ? Localized.Text<SharedText>(one) : Localized.Text<SharedText>(many, count);

    /// "2026-11-29 14:05": tables and admin pages, to the minute.
    public string Minute(DateTimeOffset at) => Local(at).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public string Minute(DateTimeOffset? at) => at is { } value ? Minute(value) : "";

    /// "2026-11-29 14:05 (KST)": a moment in a sentence, naming the zone.
    public string MinuteWithZone(DateTimeOffset at) => Minute(at) + $" ({Abbreviation(at)})";

    /// "2026-11-29".
    public string IsoDay(DateTimeOffset at) => Day(at).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// The machine-readable instant for a &lt;time datetime&gt; attribute (always UTC).
    public static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private string Abbreviation(DateTimeOffset at)
    {
        if (Zone.Id == SiteZoneId)
        {
            return "KST";
        }
        var offset = Zone.GetUtcOffset(at);
        return offset == TimeSpan.Zero ? "UTC" : $"UTC{(offset < TimeSpan.Zero ? "−" : "+")}{offset:hh\\:mm}";
    }
}

/// Views format times with the viewer's zone without looking it up themselves.
public static class PersonTimeHtml
{
    public static PersonTime ViewerTime(this IHtmlHelper html) => PersonTime.Of(html.ViewContext.HttpContext.User);

    /// A time to the minute in the viewer's zone (admin tables).
    public static string Time(this IHtmlHelper html, DateTimeOffset? at) => html.ViewerTime().Minute(at);

    /// &lt;time&gt; reading "3분 전" ("3 minutes ago"), the exact time in the viewer's zone on hover.
    public static IHtmlContent TimeAgo(this IHtmlHelper html, DateTimeOffset at, DateTimeOffset now)
    {
        var time = html.ViewerTime();
        var tag = new TagBuilder("time");
        tag.Attributes["datetime"] = PersonTime.Iso(at);
        tag.Attributes["title"] = time.Exact(at);
        tag.Attributes["data-relative"] = "";
        tag.InnerHtml.Append(time.Relative(at, now));
        return tag;
    }
}
