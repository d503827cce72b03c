using System.Globalization;

namespace Platform.Web.Features.Admin;

/// One page of a list: which page, how many per page, how many in all. The page number travels
/// as <see cref="Parameter"/>: Razor Pages reserves the route value "page" for the page's own name.
public sealed record Paging(int Page, int Size, int Total)
{
    public const string Parameter = "pageIndex";

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
}

/// What _Pager.cshtml needs: the page, which Razor page the list is, and the filters its links keep.
public sealed record Pager(Paging Paging, string PageName, params (string Key, object? Value)[] Filters)
{
    public Dictionary<string, string> RouteFor(int page)
    {
        var values = Filters
            .Select(f => (f.Key, Value: Convert.ToString(f.Value, CultureInfo.InvariantCulture)))
            .Where(f => !string.IsNullOrEmpty(f.Value))
            .ToDictionary(f => f.Key, f => f.Value!);
        values[Paging.Parameter] = page.ToString(CultureInfo.InvariantCulture);
        return values;
    }
}
