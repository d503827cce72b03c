using Npgsql;
using Platform.Web.Features.Progress;

namespace Platform.Web.Features.Account;

/// Everything personal a page shows about the signed-in learner, read in one statement: account
/// state (confirmed, deleted, blocked, security stamp), XP, achievements earned, unread
/// notifications, completions, the threads they follow, the comments they marked helpful and the language mail is sent in. Pages, the header and the comment
/// section all read this one record; what every reader sees comes from the read models.
public sealed record LearnerState(
    string UserId,
    bool EmailConfirmed,
    bool IsDeleted,
    DateTimeOffset? BlockedUntil,
    string? BlockReason,
    string? SecurityStamp,
    string TimeZone,
    int Xp,
    int AchievementsEarned,
    int UnreadNotifications,
    IReadOnlyDictionary<string, DateTimeOffset> Completed,
    IReadOnlySet<long> SubscribedThreads,
    string Language)
{
    /// Comments this learner marked "도움돼요" (the count beside them is everyone's, from the read model).
    public IReadOnlySet<long> HelpfulComments { get; init; } = new HashSet<long>();

    public bool IsBlocked(DateTimeOffset now) => Blocks.IsBlocked(BlockedUntil, now);

    public bool CanPost(DateTimeOffset now) => EmailConfirmed && !IsDeleted && !IsBlocked(now);
}

/// The account facts a session is checked against.
public sealed record LearnerAccount(bool IsDeleted, DateTimeOffset? BlockedUntil, string? SecurityStamp);

/// Reads <see cref="LearnerState"/> once per request (per learner): from this instance's shared
/// copy (<see cref="LearnerStates"/>) when it has one, else in one round trip. A write calls
/// <see cref="Forget"/> so later reads, in this request and the next, see it.
public sealed class SignedInLearner(NpgsqlDataSource dataSource, LearnerStates shared)
{
    // The followed threads follow ThreadSubscription.FollowersOf's rule: the rows that say so, and
    // the threads the learner started unless their row says not.
    private const string Sql =
        $"""
        SELECT u.email_confirmed, u.deleted_at IS NOT NULL, u.blocked_until, u.block_reason, u.security_stamp, u.time_zone,
               {ProgressLedger.XpSql},
               (SELECT count(*)::int FROM achievement_awards a WHERE a.user_id = u.id),
               (SELECT count(*)::int FROM notifications n WHERE n.user_id = u.id AND n.read_at IS NULL),
               completions.keys,
               completions.times,
               ARRAY(SELECT s.thread_id FROM thread_subscriptions s WHERE s.user_id = u.id AND s.subscribed
                     UNION ALL
                     SELECT t.id FROM comments t
                      WHERE t.author_id = u.id AND t.thread_id IS NULL
                        AND NOT EXISTS (SELECT 1 FROM thread_subscriptions s WHERE s.thread_id = t.id AND s.user_id = u.id)),
               u.language,
               ARRAY(SELECT r.comment_id FROM comment_reactions r WHERE r.user_id = u.id)
          FROM users u
          {ProgressLedger.CompletionsLateral}
         WHERE u.id = $1
        """;

    private const string AccountSql = "SELECT u.deleted_at IS NOT NULL, u.blocked_until, u.security_stamp FROM users u WHERE u.id = $1";

    private readonly Dictionary<string, Task<LearnerState?>> _read = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _versions = new(StringComparer.Ordinal);

    /// Null when no such account exists (deleted since the cookie was issued).
    public Task<LearnerState?> GetAsync(string userId, CancellationToken ct = default)
    {
        if (!_read.TryGetValue(userId, out var state))
        {
            // Taken before the state is looked at: a page made from it is current while this holds.
            var version = shared.Version(userId);
            _versions.TryAdd(userId, version);
            state = shared.TryGet(userId, out var kept) ? Task.FromResult(kept) : ReadAndKeepAsync(userId, version, ct);
            _read[userId] = state;
        }
        return state;
    }

    /// The learner's state version as this request first found it (see <see cref="LearnerCopies{T}.Version"/>),
    /// or null when the request did not read their state.
    public long? VersionRead(string userId) => _versions.TryGetValue(userId, out var version) ? version : null;

    /// What the session check needs (stamp, block, deletion): from the learner's state when
    /// <paramref name="wholeState"/> (a page, which shows the state anyway) or when it is read or
    /// kept already, else from this instance's copy of the account facts, else from the account
    /// row alone (then kept). A write takes that way: its own response drops the learner's state
    /// (see <see cref="SessionCheck"/>) but not the account facts, which marks and comments do
    /// not touch, so a learner's run of writes asks the database nothing for the check.
    /// <paramref name="fresh"/>: from the account row, whatever is kept (a kept copy disagreed).
    public async Task<LearnerAccount?> AccountAsync(string userId, bool wholeState, bool fresh = false, CancellationToken ct = default)
    {
        if (!fresh && (wholeState || _read.ContainsKey(userId) || shared.TryGet(userId, out _)))
        {
            return await GetAsync(userId, ct) is { } state
                ? new LearnerAccount(state.IsDeleted, state.BlockedUntil, state.SecurityStamp)
                : null;
        }
        if (!fresh && shared.Accounts.TryGet(userId, out var kept))
        {
            return kept;
        }
        var version = shared.Accounts.Version(userId);
        await using var command = dataSource.CreateCommand(AccountSql);
        command.Parameters.Add(new NpgsqlParameter { Value = userId });
        LearnerAccount? account;
        await using (var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SingleRow, ct))
        {
            account = await reader.ReadAsync(ct)
                ? new LearnerAccount(reader.GetBoolean(0), reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1), reader.IsDBNull(2) ? null : reader.GetString(2))
                : null;
        }
        shared.Accounts.Keep(userId, account, version);
        return account;
    }

    public void Forget(string userId)
    {
        _read.Remove(userId);
        shared.Forget(userId);
    }

    private async Task<LearnerState?> ReadAndKeepAsync(string userId, long version, CancellationToken ct)
    {
        var state = await ReadAsync(userId, ct);
        shared.Keep(userId, state, version);
        return state;
    }

    private async Task<LearnerState?> ReadAsync(string userId, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(Sql);
        command.Parameters.Add(new NpgsqlParameter { Value = userId });
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SingleRow, ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }
        var keys = reader.GetFieldValue<string[]>(9);
        var times = reader.GetFieldValue<DateTime[]>(10);
        var completed = new Dictionary<string, DateTimeOffset>(keys.Length, StringComparer.Ordinal);
        for (var i = 0; i < keys.Length; i++)
        {
            completed.TryAdd(keys[i], new DateTimeOffset(times[i], TimeSpan.Zero));
        }
        return new LearnerState(
            userId,
            reader.GetBoolean(0),
            reader.GetBoolean(1),
            reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2),
            reader.IsDBNull(3) ? null : reader.GetString(3),
            reader.IsDBNull(4) ? null : reader.GetString(4),
            reader.GetString(5),
            reader.GetInt32(6),
            reader.GetInt32(7),
            reader.GetInt32(8),
            completed,
            reader.GetFieldValue<long[]>(11).ToHashSet(),
            reader.GetString(12))
        {
            HelpfulComments = reader.GetFieldValue<long[]>(13).ToHashSet(),
        };
    }
}
