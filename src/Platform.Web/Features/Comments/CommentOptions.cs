namespace Platform.Web.Features.Comments;

public sealed class CommentOptions
{
    public const string Section = "Comments";

    public int PerMinute { get; set; } = 5;

    public int PerHour { get; set; } = 30;

    /// Flags one learner may raise in an hour: enough for a spam wave, not for a campaign.
    public int FlagsPerHour { get; set; } = 10;

    /// Threads per page of a lesson's comments.
    public int ThreadsPerPage { get; set; } = 50;
}
