using Microsoft.EntityFrameworkCore;
using Platform.Web.Features.Account;
using Platform.Web.Infrastructure.Data;

namespace Platform.Web.Features.Feedback;

internal sealed class FeedbackPersonalData(PlatformDbContext db) : IPersonalDataSource, IPersonalDataEraser
{
    public string Name => "helpfulVotes";

    public async Task<object?> ReadAsync(string userId, CancellationToken ct) =>
        await db.Set<HelpfulVote>().AsNoTracking()
            .Where(v => v.UserId == userId)
            .OrderBy(v => v.CreatedAt)
            .Join(db.Lessons, v => v.LessonId, l => l.Id, (v, l) => new
            {
                lesson = l.Course.Slug + "/" + l.Slug,
                revision = v.RevisionNumber,
                helpful = v.Helpful,
                note = v.Note,
                at = v.UpdatedAt,
            })
            .ToListAsync(ct);

    /// The vote still counts in the lesson's figures; who cast it and what they wrote go.
    public async Task EraseAsync(PlatformDbContext context, string userId, CancellationToken ct) =>
        await context.Set<HelpfulVote>().Where(v => v.UserId == userId).ExecuteUpdateAsync(s => s
            .SetProperty(v => v.UserId, (string?)null)
            .SetProperty(v => v.Note, (string?)null)
            .SetProperty(v => v.VoterKey, v => HelpfulVote.VisitorPrefix + "erased-" + v.Id), ct);
}
