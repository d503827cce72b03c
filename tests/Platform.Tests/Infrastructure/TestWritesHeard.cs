using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Platform.Tests.Infrastructure;

/// A test's own writes (saves, ExecuteUpdate/ExecuteDelete, SQL) through
/// <see cref="PlatformFactory.CreateDbContext"/> are heard by the app under test before the
/// test's next request. In production a write from outside the app reaches it through the
/// database's announcement within moments; `Accounts/LearnerStateTests` proves that path with
/// connections of its own.
internal sealed class TestWritesHeard(PlatformFactory factory) : DbCommandInterceptor, ISaveChangesInterceptor
{
    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        factory.LearnersChanged();
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(
        DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        factory.LearnersChanged();
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        factory.LearnersChanged();
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        factory.LearnersChanged();
        return ValueTask.FromResult(result);
    }
}
