using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Platform.Tests.Lessons;
using Platform.Web.Infrastructure.Data;

namespace Platform.Tests.Foundation;

/// The advisory-lock scheme: every lock the app takes is named in AdvisoryLock, each under a scope
/// of its own, and a held lock excludes the same lock on the same subject and nothing else.
public sealed class AdvisoryLockTests
{
    private static readonly string Source = Path.Combine(RepositoryPaths.Root(AppContext.BaseDirectory), "src");

    [Fact]
    public void Every_lock_has_a_scope_and_a_name_of_its_own_and_is_listed()
    {
        var declared = typeof(AdvisoryLock).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(AdvisoryLock))
            .Select(f => (AdvisoryLock)f.GetValue(null)!)
            .ToList();
        Assert.Equal(4, declared.Count);
        Assert.Equal(declared.OrderBy(l => l.Name), AdvisoryLock.All.OrderBy(l => l.Name));
        Assert.Equal(declared.Count, declared.Select(l => l.Scope).Distinct().Count());
        Assert.Equal(declared.Count, declared.Select(l => l.Name).Distinct().Count());
        Assert.DoesNotContain(declared, l => l.Scope == 0);
    }

    [Fact]
    public void No_code_outside_the_scheme_takes_an_advisory_lock()
    {
        var scheme = Path.Combine(Source, "Platform.Web", "Infrastructure", "Data", "AdvisoryLock.cs");
        var offenders = Directory.EnumerateFiles(Source, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => f != scheme && File.ReadAllText(f).Contains("pg_advisory", StringComparison.OrdinalIgnoreCase))
            .Select(f => Path.GetRelativePath(Source, f))
            .ToList();
        Assert.True(File.Exists(scheme), scheme);
        Assert.True(offenders.Count == 0, "Take advisory locks through AdvisoryLock: " + string.Join(", ", offenders));
    }

    [Fact]
    public async Task A_held_lock_excludes_the_same_lock_and_subject_only()
    {
        await using var database = await ImportDatabase.CreateAsync();
        await using var db = database.Context();
        await using var held = await db.Database.BeginTransactionAsync();
        await AdvisoryLock.ContentImport.TakeAsync(db, CancellationToken.None);
        await AdvisoryLock.LearnerProgress.TakeAsync(db, "learner-1", CancellationToken.None);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using (var batch = new NpgsqlBatch(connection, (NpgsqlTransaction)held.GetDbTransaction()))
        {
            batch.BatchCommands.Add(AdvisoryLock.CommentAuthor.Command("learner-1"));
            await batch.ExecuteNonQueryAsync();
        }

        await using var other = new NpgsqlConnection(database.ConnectionString);
        await other.OpenAsync();
        Assert.False(await TryAsync(other, AdvisoryLock.ContentImport, null));
        Assert.False(await TryAsync(other, AdvisoryLock.LearnerProgress, "learner-1"));
        Assert.False(await TryAsync(other, AdvisoryLock.CommentAuthor, "learner-1"));
        Assert.True(await TryAsync(other, AdvisoryLock.LearnerProgress, "learner-2"));
        Assert.True(await TryAsync(other, AdvisoryLock.CommentAuthor, "learner-2"));

        await held.RollbackAsync();
        Assert.True(await TryAsync(other, AdvisoryLock.ContentImport, null));
        Assert.True(await TryAsync(other, AdvisoryLock.LearnerProgress, "learner-1"));
    }

    // Each try runs in its own implicit transaction, so a lock it gets is let go at once.
    private static async Task<bool> TryAsync(NpgsqlConnection connection, AdvisoryLock advisoryLock, string? subject)
    {
        await using var command = new NpgsqlCommand(
            subject is null ? "SELECT pg_try_advisory_xact_lock($1, 0)" : "SELECT pg_try_advisory_xact_lock($1, hashtext($2))", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = advisoryLock.Scope });
        if (subject is not null)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = subject });
        }
        return (bool)(await command.ExecuteScalarAsync())!;
    }
}
