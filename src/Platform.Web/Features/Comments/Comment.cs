using Platform.Web.Features.Account;
using Platform.Web.Features.Lessons;

namespace Platform.Web.Features.Comments;

/// A comment on a lesson. A thread is a first comment (<see cref="ThreadId"/> null) and its
/// replies (<see cref="ThreadId"/> = the first comment's id): one level of nesting. A reply to a
/// reply joins the same thread and names the comment it answers in <see cref="ReplyToId"/>.
public sealed class Comment
{
    public const int MaxLength = 4000;

    /// How long the author may still change the text.
    public static readonly TimeSpan EditWindow = TimeSpan.FromMinutes(15);

    public long Id { get; set; }

    public int LessonId { get; set; }

    public Lesson Lesson { get; set; } = null!;

    public required string AuthorId { get; set; }

    public User Author { get; set; } = null!;

    public long? ThreadId { get; set; }

    public long? ReplyToId { get; set; }

    public required string BodyMarkdown { get; set; }

    public required string BodyHtml { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? EditedAt { get; set; }

    /// Soft delete: the thread keeps its place and shows "삭제된 댓글입니다".
    public DateTimeOffset? DeletedAt { get; set; }

    /// Hidden by moderation (an admin, or enough flags): others see a placeholder, the author
    /// sees their text with a note.
    public DateTimeOffset? HiddenAt { get; set; }

    public string? HiddenReason { get; set; }

    /// The admin who hid it; null when flags hid it automatically.
    public string? HiddenById { get; set; }

    public long RootId => ThreadId ?? Id;

    public bool IsVisible => DeletedAt is null && HiddenAt is null;
}
