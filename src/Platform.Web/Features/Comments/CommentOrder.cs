namespace Platform.Web.Features.Comments;

/// How a lesson's threads are ordered (`?sort=` on the lesson page): oldest first unless the reader
/// picks newest or most helpful. Replies stay oldest first under their thread.
public enum CommentOrder
{
    Oldest,
    Newest,
    Helpful,
}

public static class CommentOrders
{
    public const string QueryName = "sort";

    public static readonly IReadOnlyList<CommentOrder> All = [CommentOrder.Oldest, CommentOrder.Newest, CommentOrder.Helpful];

    /// Anything but a known name (missing, garbage, any case variant) is the default order.
    public static CommentOrder Parse(string? value) => value switch
    {
        "newest" => CommentOrder.Newest,
        "helpful" => CommentOrder.Helpful,
        _ => CommentOrder.Oldest,
    };

    public static string Name(this CommentOrder order) => order switch
    {
        CommentOrder.Newest => "newest",
        CommentOrder.Helpful => "helpful",
        _ => "oldest",
    };

    /// The order as one more query parameter (`&amp;sort=…`), empty for the default order.
    public static string AndParameter(this CommentOrder order) =>
        order == CommentOrder.Oldest ? "" : $"&{QueryName}={order.Name()}";

    /// The query string of a page of threads in an order (empty for the default page and order),
    /// so the default address stays the one every link and cache already uses.
    public static string Query(CommentOrder order, int page)
    {
        var parts = new List<string>(2);
        if (page > 1)
        {
            parts.Add($"comments={page}");
        }
        if (order != CommentOrder.Oldest)
        {
            parts.Add($"{QueryName}={order.Name()}");
        }
        return parts.Count == 0 ? "" : "?" + string.Join("&", parts);
    }
}
