using System.ComponentModel.DataAnnotations;

namespace Platform.Web.Features.Comments;

public sealed class CommentOptions
{
    public const string Section = "Comments";

    /// Comments one learner may post in a minute; 0 turns this limit off (a load test, say).
    [Range(0, int.MaxValue, ErrorMessage = "Comments:PerMinute must be a whole number: 0 (no limit) or more.")]
    public int PerMinute { get; set; } = 5;

    /// Comments one learner may post in an hour; 0 turns this limit off.
    [Range(0, int.MaxValue, ErrorMessage = "Comments:PerHour must be a whole number: 0 (no limit) or more.")]
    public int PerHour { get; set; } = 30;

    /// Flags one learner may raise in an hour: enough for a spam wave, not for a campaign.
    public int FlagsPerHour { get; set; } = 10;

    /// Threads per page of a lesson's comments: ten, with their latest replies, is about what a
    /// reader takes in on a phone before the next page.
    [Range(1, 1000, ErrorMessage = "Comments:ThreadsPerPage must be a whole number from 1 to 1000.")]
    public int ThreadsPerPage { get; set; } = 10;

    /// Replies shown under a thread on the lesson page (its latest); earlier ones are a link away.
    [Range(1, 1000, ErrorMessage = "Comments:RepliesShown must be a whole number from 1 to 1000.")]
    public int RepliesShown { get; set; } = 3;

    /// Replies per page of a thread's own page.
    [Range(1, 1000, ErrorMessage = "Comments:RepliesPerPage must be a whole number from 1 to 1000.")]
    public int RepliesPerPage { get; set; } = 50;
}
