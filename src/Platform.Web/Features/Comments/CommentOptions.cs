namespace Platform.Web.Features.Comments;

public sealed class CommentOptions
{
    public const string Section = "Comments";

    public int PerMinute { get; set; } = 5;

    public int PerHour { get; set; } = 30;

    /// Threads per page of a lesson's comments.
    public int ThreadsPerPage { get; set; } = 50;
}
