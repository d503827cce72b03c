using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Platform.Web.Infrastructure.Data;

/// Every PostgreSQL advisory lock the app takes, in one scheme: the two-integer form
/// `pg_advisory_xact_lock(scope, subject)`, where the scope names the lock (one constant each,
/// all different, checked by a test) and the subject is `hashtext` of what is locked (a user id)
/// or 0 for a lock of the whole scope. Transaction-level only, so a lock can never outlive the
/// work it guards. A hash collision between two subjects only makes them wait for each other.
///
/// What takes no advisory lock, on purpose: the mail outbox (rows claimed with
/// FOR UPDATE SKIP LOCKED), the reply digest (a unique dedupe key per learner and day), the
/// migrator (EF Core locks the migrations history table).
public sealed class AdvisoryLock
{
    /// The content import: two instances starting together must not import side by side.
    public static readonly AdvisoryLock ContentImport = new(nameof(ContentImport), 0x494D5054); // "IMPT"

    /// One learner's progress writes (completions, XP, awards), so an evaluation sees the
    /// completions of a request that ran at the same moment.
    public static readonly AdvisoryLock LearnerProgress = new(nameof(LearnerProgress), 0x50524F47); // "PROG"

    /// One author's comment posting, so the rate limit counts a burst of parallel posts.
    public static readonly AdvisoryLock CommentAuthor = new(nameof(CommentAuthor), 0x434F4D4D); // "COMM"

    /// A round of the external link check: one instance at a time; the others skip the round
    /// (<see cref="TryTakeAsync"/>) instead of waiting.
    public static readonly AdvisoryLock LinkCheck = new(nameof(LinkCheck), 0x4C494E4B); // "LINK"

    public static IReadOnlyList<AdvisoryLock> All { get; } = [ContentImport, LearnerProgress, CommentAuthor, LinkCheck];

    private AdvisoryLock(string name, int scope)
    {
        Name = name;
        Scope = scope;
    }

    public string Name { get; }

    /// The first key of the lock: the same for every subject of this lock.
    public int Scope { get; }

    public override string ToString() => $"{Name} ({Scope:X8})";

    /// Takes the lock of the whole scope in the current transaction (waits while another holds it).
    public Task TakeAsync(PlatformDbContext db, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({Scope}, 0)", ct);

    /// Takes the lock of one subject (a user id, say) in the current transaction.
    public Task TakeAsync(PlatformDbContext db, string subject, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({Scope}, hashtext({subject}))", ct);

    /// Tries the lock of the whole scope in <paramref name="transaction"/> without waiting; false
    /// when another transaction holds it. The lock lasts until that transaction ends.
    public async Task<bool> TryTakeAsync(NpgsqlTransaction transaction, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_xact_lock($1, 0)", transaction.Connection, transaction)
        {
            Parameters = { new NpgsqlParameter { Value = Scope } },
        };
        return await command.ExecuteScalarAsync(ct) is true;
    }

    /// The same, as a statement of a batch that runs in the current transaction.
    public NpgsqlBatchCommand Command(string subject) =>
        new("SELECT pg_advisory_xact_lock($1, hashtext($2))")
        {
            Parameters = { new NpgsqlParameter { Value = Scope }, new NpgsqlParameter { Value = subject } },
        };
}
