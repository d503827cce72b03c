using System.Globalization;
using Platform.Web.Features.Account;

namespace Platform.Web.Features.Admin;

public static class AdminFormat
{
    /// Times in the admin area read in Korean time, to the minute.
    public static string Time(DateTimeOffset at) =>
        at.ToOffset(Blocks.KoreanOffset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset? at) => at is { } value ? Time(value) : "";
}

/// One page of a list: which page, how many per page, how many in all.
public sealed record Paging(int Page, int Size, int Total)
{
    public int Pages => Math.Max(1, (Total + Size - 1) / Size);

    public int Skip => (Page - 1) * Size;

    /// The highest page number any list takes from a request: past it an offset could overflow.
    public const int MaxPage = 100_000;

    /// A page number as asked for (a query value may be anything), within 1..<see cref="MaxPage"/>.
    public static int Requested(int? page) => Math.Clamp(page ?? 1, 1, MaxPage);

    public static Paging For(int? page, int size, int total)
    {
        var pages = Math.Max(1, (total + size - 1) / size);
        return new Paging(Math.Clamp(Requested(page), 1, pages), size, total);
    }

    /// The link to page <paramref name="page"/> of the list at <paramref name="path"/>, keeping its
    /// filters. Built by hand: Razor Pages reserves the route value "page" for the page's own name,
    /// so Url.Page cannot carry a page number under that key.
    public static string Link(string path, int page, params (string Key, object? Value)[] filters)
    {
        var query = QueryString.Create(filters
            .Where(f => f.Value is not null && !string.IsNullOrEmpty(Convert.ToString(f.Value, CultureInfo.InvariantCulture)))
            .Select(f => KeyValuePair.Create(f.Key, Convert.ToString(f.Value, CultureInfo.InvariantCulture)))
            .Append(KeyValuePair.Create("page", (string?)page.ToString(CultureInfo.InvariantCulture))));
        return path + query;
    }
}
