namespace Platform.Web.Features.Comments;

public sealed class CommentOptions
{
    public const string Section = "Comments";

    public int PerMinute { get; set; } = 5;

    public int PerHour { get; set; } = 30;

    /// Threads per page of a lesson's comments.
    public int ThreadsPerPage { get; set; } = 20;

    /// Replies shown under a thread on the lesson page (its latest); earlier ones are a link away.
    public int RepliesShown { get; set; } = 5;

    /// Replies per page of a thread's own page.
    public int RepliesPerPage { get; set; } = 50;
}
