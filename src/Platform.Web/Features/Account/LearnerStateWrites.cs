using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Platform.Web.Features.Account;

/// Drops this instance's copy of every learner whose state a save through EF Core changed (an
/// administrator's block, a role change, a reply alert for someone else), once the save is done,
/// so this instance's next page for them shows it without waiting for the database's
/// announcement. Other instances hear the announcement (the LearnerStateNotify triggers).
public sealed class LearnerStateWrites(LearnerStates states) : SaveChangesInterceptor
{
    /// The tables a learner's state is read from, and the column naming the learner.
    private static readonly Dictionary<string, string> LearnerColumns = new(StringComparer.Ordinal)
    {
        ["users"] = nameof(User.Id),
        ["xp_events"] = "UserId",
        ["achievement_awards"] = "UserId",
        ["notifications"] = "UserId",
        ["lesson_completions"] = "UserId",
        ["thread_subscriptions"] = "UserId",
        ["comment_reactions"] = "UserId",
    };

    private readonly ConditionalWeakTable<DbContext, HashSet<(string UserId, bool Account)>> _pending = [];

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Collect(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Collect(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Forget(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return ValueTask.FromResult(result);
    }

    // A failed save may still have written part of a batch before it failed: forget those too.
    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Forget(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    private void Collect(DbContext? context)
    {
        if (context is null)
        {
            return;
        }
        HashSet<(string UserId, bool Account)>? learners = null;
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
                && entry.Metadata.GetTableName() is { } table && LearnerColumns.TryGetValue(table, out var column)
                && entry.Property(column).CurrentValue is string userId)
            {
                (learners ??= _pending.GetOrCreateValue(context)).Add((userId, table == "users"));
            }
        }
    }

    private void Forget(DbContext? context)
    {
        if (context is null || !_pending.TryGetValue(context, out var learners))
        {
            return;
        }
        _pending.Remove(context);
        foreach (var (userId, account) in learners)
        {
            // The account row (stamp, block, deletion) is what a write's session check is kept from.
            if (account)
            {
                states.ForgetAccount(userId);
            }
            else
            {
                states.Forget(userId);
            }
        }
    }
}
