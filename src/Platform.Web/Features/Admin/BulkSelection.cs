using Microsoft.Extensions.Localization;

namespace Platform.Web.Features.Admin;

/// What a bulk-moderation form posts: the ticked items, the one action for all of them, and a
/// reason where the action needs one. Every list page with checkboxes binds this.
public sealed class BulkSelection
{
    public const int MaxItems = 100;

    public List<long> Ids { get; set; } = [];

    public string? Action { get; set; }

    public string? Reason { get; set; }

    /// The version of each listed item when the page was rendered (optimistic concurrency), by id.
    public Dictionary<long, uint> Versions { get; set; } = [];

    /// Why the selection cannot be applied at all, or null.
    public string? Check(IStringLocalizer<AdminText> text) =>
        Ids.Count == 0 ? text["Bulk.NoneSelected"].Value
        : Ids.Distinct().Count() > MaxItems ? text["Bulk.TooMany", MaxItems].Value
        : string.IsNullOrWhiteSpace(Action) ? text["Bulk.UnknownAction"].Value
        : null;
}
