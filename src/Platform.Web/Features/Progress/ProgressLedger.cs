using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Platform.Web.Features.Lessons;
using Platform.Web.Infrastructure.Data;
using Platform.Web.Infrastructure.Telemetry;
using Platform.Web.Infrastructure.Time;

namespace Platform.Web.Features.Progress;

/// A learner's record as the ledger reads it inside a write: what achievements are evaluated on,
/// and what the progress API answers with. <see cref="Activities"/> holds, of each kind, only the
/// earliest moments the achievement rules count (<see cref="ProgressRules.MomentsCounted"/>).
public sealed record LearnerRecord(
    string TimeZone,
    int Xp,
    IReadOnlyList<Completion> Completions,
    IReadOnlyList<(ActivityKind Kind, DateTimeOffset At)> Activities,
    IReadOnlyList<(string AchievementId, DateTimeOffset EarnedAt)> Awards)
{
    public static readonly LearnerRecord Empty = new(Account.User.DefaultTimeZone, 0, [], [], []);

    /// Quiz questions answered right: `course/lesson/question` and when.
    public IReadOnlyList<Completion> ExercisesSolved { get; init; } = [];
}

/// Every write to a learner's progress: completions, the XP ledger, achievement awards and the
/// activity other features report. Each method works in the caller's DbContext and transaction
/// (or one of its own when the caller has none), and re-evaluates achievements there.
///
/// Uniqueness lives in the database (one completion per lesson, one XP event per source, one award
/// per achievement); rows go in with ON CONFLICT DO NOTHING, so racing requests end with one row
/// and no exception. A per-learner advisory lock serializes a learner's writes, so an evaluation
/// always sees the completions of a request that ran at the same moment.
///
/// A write is one round trip (the lock, the writes and the read of the learner's record, as one
/// batch, which is also its transaction when the caller has none); awarding what the record earns
/// adds one round trip only when something is earned. The catalog the rules need comes from the in-memory read model.
public sealed class ProgressLedger(TimeProvider clock, LessonCatalog lessons)
{
    /// The learner's completions as `course/lesson` and time, oldest first, as two arrays in one
    /// order (`completions.keys`, `completions.times`), read in one pass: join it to `users u`.
    public const string CompletionsLateral =
        """
        CROSS JOIN LATERAL (
            SELECT coalesce(array_agg(c.slug || '/' || l.slug ORDER BY lc.completed_at, lc.id), '{}') AS keys,
                   coalesce(array_agg(lc.completed_at ORDER BY lc.completed_at, lc.id), '{}') AS times
              FROM lesson_completions lc JOIN lessons l ON l.id = lc.lesson_id JOIN courses c ON c.id = l.course_id
             WHERE lc.user_id = u.id) AS completions
        """;

    public const string XpSql = "(SELECT coalesce(sum(x.xp), 0)::int FROM xp_events x WHERE x.user_id = u.id)";

    // Of each kind of activity, only the earliest moments an achievement rule counts up to: what a
    // learner did a thousand times is read as often as the rules look, not a thousand times. A
    // comment is its own record (the learner's comments, by author and time); the other kinds are
    // rows of learner_activities.
    private static readonly string EarliestActivitiesSql = string.Join(" UNION ALL ", Enum.GetValues<ActivityKind>().Select(kind =>
        kind == ActivityKind.CommentPosted
            ? $"(SELECT c.id, '{kind}'::text AS kind, c.created_at AS occurred_at FROM comments c WHERE c.author_id = u.id " +
              $"ORDER BY c.created_at, c.id LIMIT {ProgressRules.MomentsCounted(kind)})"
            : $"(SELECT a.id, a.kind::text, a.occurred_at FROM learner_activities a WHERE a.user_id = u.id AND a.kind = '{kind}' " +
              $"ORDER BY a.occurred_at, a.id LIMIT {ProgressRules.MomentsCounted(kind)})"));

    // A record's completions and solved quiz questions (parts 1 and 3 of RecordsSql).
    private const string LessonPartsSql =
        """
        UNION ALL
        SELECT 1, lc.user_id, c.slug || '/' || l.slug, lc.completed_at, lc.id
          FROM lesson_completions lc JOIN lessons l ON l.id = lc.lesson_id JOIN courses c ON c.id = l.course_id
         WHERE lc.user_id = ANY($1)
        UNION ALL
        SELECT 3, x.user_id, c.slug || '/' || l.slug || '/' || x.exercise_id, x.solved_at, x.id
          FROM exercise_solutions x JOIN lessons l ON l.id = x.lesson_id JOIN courses c ON c.id = l.course_id
         WHERE x.user_id = ANY($1)
        """;

    /// The records of the learners `$1` (an array of ids) as rows, one statement for all of them:
    /// each part of a record is one scan over the learners (not one per learner), and a row says
    /// which part it is (`learner_record`: 0 the account's time zone and XP, 1 a completion, 2 an
    /// award, 3 a solved quiz question, 4 an activity), whose learner, what (`name`), when and its
    /// id (the XP, in the account's row). <see cref="ReadRecordsAsync"/> puts them together.
    /// Each write reads the parts whose rules it can change: <paramref name="lessons"/>, the
    /// completions and quiz answers (marks, merges, answers); <paramref name="activities"/>, the
    /// activities (comments, replies, reports). A mark changes no activity and an activity no
    /// completion, so neither reads the other's part; the account row and the awards are always read.
    private static string RecordsSql(bool lessons, bool activities) =>
        $$"""
        SELECT 0 AS learner_record, u.id, u.time_zone::text AS name, NULL::timestamptz AS at,
               (SELECT coalesce(sum(x.xp), 0) FROM xp_events x WHERE x.user_id = u.id)::bigint AS n
          FROM users u WHERE u.id = ANY($1)
        UNION ALL
        SELECT 2, w.user_id, w.achievement_id, w.earned_at, w.id FROM achievement_awards w WHERE w.user_id = ANY($1)
        {{(lessons ? LessonPartsSql : "")}}
        {{(activities
            ? $"UNION ALL SELECT 4, u.id, e.kind, e.occurred_at, e.id FROM users u CROSS JOIN LATERAL ({EarliestActivitiesSql}) e WHERE u.id = ANY($1)"
            : "")}}
        """;

    /// Whole records, for the writes that may change any part (a merge, a quiz answer, an evaluation).
    internal static readonly string ManyRecordsSql = RecordsSql(lessons: true, activities: true);

    /// Records without the activities: what a mark can change and what its answer shows. The
    /// achievements counted from activities (comments, replies, reports) are evaluated by the
    /// writes that record those, never by a mark, so the mark does not read them.
    internal static readonly string MarkRecordsSql = RecordsSql(lessons: true, activities: false);

    /// Records without the completions and quiz answers, for the writes that record an activity
    /// (<see cref="RecordActivityAsync"/>, the comment batches): what they can earn is counted from
    /// activities; the rules of completions and answers are evaluated by the writes that change those.
    internal static readonly string ActivityRecordsSql = RecordsSql(lessons: false, activities: true);

    public async Task<LearnerRecord> CompleteAsync(PlatformDbContext db, string userId, int lessonId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var insert = Command(
            """
            INSERT INTO lesson_completions (user_id, lesson_id, completed_at) VALUES ($1, $2, $3)
            ON CONFLICT (user_id, lesson_id) DO NOTHING
            """, userId, lessonId, now);
        var record = await WriteAsync(db, userId, [insert, PayLessonXp(userId, [lessonId], [now])], MarkRecordsSql, ct);
        if (insert.RecordsAffected == 1)
        {
            PlatformMetrics.LessonsCompleted.Add(1);
        }
        return record;
    }

    /// Removes the completion; the lesson's XP stays (XP is paid once per lesson, ever).
    public Task<LearnerRecord> UncompleteAsync(PlatformDbContext db, string userId, int lessonId, CancellationToken ct) =>
        WriteAsync(db, userId, [Command("DELETE FROM lesson_completions WHERE user_id = $1 AND lesson_id = $2", userId, lessonId)], MarkRecordsSql, ct);

    /// The union of the account's completions and <paramref name="completions"/> (already resolved
    /// to published lessons): a lesson the account has keeps its time (what the browser says cannot
    /// rewrite the record); a new one takes the earliest time sent, no later than now and no earlier
    /// than the account itself (no backdated streaks). Returns the lessons the account did not have before.
    public async Task<IReadOnlyList<(int LessonId, DateTimeOffset CompletedAt)>> MergeAsync(
        PlatformDbContext db, string userId, IEnumerable<(int LessonId, DateTimeOffset CompletedAt)> completions, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var born = await db.Users.Where(u => u.Id == userId).Select(u => u.CreatedAt).FirstOrDefaultAsync(ct);
        var earliest = completions
            .Select(c => (c.LessonId, At: (c.CompletedAt > now ? now : c.CompletedAt < born ? born : c.CompletedAt).ToUniversalTime()))
            .GroupBy(c => c.LessonId)
            .Select(g => (LessonId: g.Key, At: g.Min(c => c.At)))
            .OrderBy(c => c.LessonId)
            .ToList();
        if (earliest.Count == 0)
        {
            return [];
        }
        var ids = earliest.Select(c => c.LessonId).ToArray();
        var times = earliest.Select(c => c.At).ToArray();
        return await InTransactionAsync(db, async () =>
        {
            // The lock first (it is taken again, harmlessly, by the write): "before" must not race.
            await AdvisoryLock.LearnerProgress.TakeAsync(db, userId, ct);
            var before = await db.Set<LessonCompletion>()
                .Where(c => c.UserId == userId && ids.Contains(c.LessonId))
                .Select(c => c.LessonId)
                .ToListAsync(ct);
            await WriteAsync(db, userId,
            [
                Command(
                    """
                    INSERT INTO lesson_completions (user_id, lesson_id, completed_at)
                    SELECT $1, x.lesson_id, x.completed_at FROM unnest($2::integer[], $3::timestamptz[]) AS x(lesson_id, completed_at)
                    ON CONFLICT (user_id, lesson_id) DO NOTHING
                    """, userId, ids, times),
                PayLessonXp(userId, ids, times),
            ], ManyRecordsSql, ct);
            var had = before.ToHashSet();
            return (IReadOnlyList<(int, DateTimeOffset)>)earliest.Where(c => !had.Contains(c.LessonId)).Select(c => (c.LessonId, c.At)).ToList();
        }, ct);
    }

    /// Records a right answer to a quiz question and pays its XP, the first time only: a later right
    /// answer (another device, a merge) changes nothing. Returns whether this was the first.
    public async Task<bool> SolveExerciseAsync(
        PlatformDbContext db, string userId, int lessonId, string exerciseId, string answer, DateTimeOffset? solvedAt, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var at = (solvedAt is { } given && given < now ? given : now).ToUniversalTime();
        var source = XpEvent.ForExercise(lessonId, exerciseId);
        return await InTransactionAsync(db, async () =>
        {
            // The lock first (the write takes it again, harmlessly): "first" must not race.
            await AdvisoryLock.LearnerProgress.TakeAsync(db, userId, ct);
            var inserted = await db.Database.ExecuteSqlAsync(
                $"""
                INSERT INTO exercise_solutions (user_id, lesson_id, exercise_id, answer, solved_at) VALUES ({userId}, {lessonId}, {exerciseId}, {answer}, {at})
                ON CONFLICT (user_id, lesson_id, exercise_id) DO NOTHING
                """, ct);
            await WriteAsync(db, userId,
            [
                Command(
                    """
                    INSERT INTO xp_events (user_id, source, xp, created_at) VALUES ($1, $2, $3, $4)
                    ON CONFLICT (user_id, source) DO NOTHING
                    """, userId, source, ProgressRules.ExerciseXp, at),
            ], ManyRecordsSql, ct);
            return inserted == 1;
        }, ct);
    }

    /// Records something the learner did elsewhere (a reply received, an accepted report) and
    /// awards what it earns. Call it inside the transaction that saves the thing itself; the same
    /// (kind, sourceKey) twice is recorded once. A comment is its own record: post it with
    /// <see cref="RecordCommentAsync"/>.
    /// <paramref name="alsoWrite"/>: the caller's own statements for the same round trip.
    public Task<LearnerRecord> RecordActivityAsync(
        PlatformDbContext db, string userId, ActivityKind kind, string sourceKey, DateTimeOffset occurredAt, CancellationToken ct,
        params NpgsqlBatchCommand[] alsoWrite)
    {
        ArgumentOutOfRangeException.ThrowIfEqual(kind, ActivityKind.CommentPosted);
        return WriteAsync(db, userId,
        [
            Command(
                """
                INSERT INTO learner_activities (user_id, kind, source_key, occurred_at) VALUES ($1, $2, $3, $4)
                ON CONFLICT (user_id, kind, source_key) DO NOTHING
                """, userId, kind.ToString(), sourceKey, occurredAt.ToUniversalTime()),
            .. alsoWrite,
        ], ActivityRecordsSql, ct);
    }

    /// Writes a comment of the learner (<paramref name="writes"/>: its row, and what goes with it)
    /// under their lock, then awards what their record earns: the comment itself is what the
    /// rules count (<see cref="EarliestActivitiesSql"/>). Inside the caller's transaction.
    public Task<LearnerRecord> RecordCommentAsync(
        PlatformDbContext db, string userId, IReadOnlyList<NpgsqlBatchCommand> writes, CancellationToken ct) =>
        WriteAsync(db, userId, writes, ActivityRecordsSql, ct);

    /// Awards what the learner's record earns now (after a change of time zone, say).
    public Task<LearnerRecord> EvaluateAsync(PlatformDbContext db, string userId, CancellationToken ct) =>
        WriteAsync(db, userId, [], ManyRecordsSql, ct);

    private static NpgsqlBatchCommand PayLessonXp(string userId, int[] lessonIds, DateTimeOffset[] at) =>
        Command(
            $"""
            INSERT INTO xp_events (user_id, source, xp, created_at)
            SELECT $1, x.source, {ProgressRules.LessonXp}, x.created_at FROM unnest($2::text[], $3::timestamptz[]) AS x(source, created_at)
            ON CONFLICT (user_id, source) DO NOTHING
            """, userId, lessonIds.Select(XpEvent.ForLesson).ToArray(), at);

    /// The learner's lock, <paramref name="writes"/> and the read of the learner's record in one
    /// round trip, then the awards the record earns.
    ///
    /// In the caller's transaction when there is one. Else the batch is its own transaction: the
    /// statements of one batch run up to its single Sync message as one implicit transaction, which
    /// PostgreSQL commits at its end, so a mark costs one round trip, commit included. The awards
    /// then go in a transaction of their own, under the lock again: they are what the committed
    /// record earns, inserted once (unique keys), and evaluated again on every later write (those
    /// that read the part they are counted from: see <see cref="RecordsSql"/>).
    /// <paramref name="recordsSql"/>: how much of the record to read (<see cref="ManyRecordsSql"/>,
    /// <see cref="MarkRecordsSql"/> for a mark's writes, <see cref="ActivityRecordsSql"/> for an activity's).
    private async Task<LearnerRecord> WriteAsync(
        PlatformDbContext db, string userId, IReadOnlyList<NpgsqlBatchCommand> writes, string recordsSql, CancellationToken ct)
    {
        var transaction = (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction();
        var opened = transaction is null && db.Database.GetDbConnection().State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await db.Database.OpenConnectionAsync(ct);
        }
        try
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await using var batch = new NpgsqlBatch(connection, transaction);
            batch.BatchCommands.Add(AdvisoryLock.LearnerProgress.Command(userId));
            foreach (var write in writes)
            {
                batch.BatchCommands.Add(write);
            }
            batch.BatchCommands.Add(Command(recordsSql, (object)new[] { userId }));
            LearnerRecord record;
            await using (var reader = await batch.ExecuteReaderAsync(ct))
            {
                record = (await ReadRecordsAsync(reader, ct)).GetValueOrDefault(userId) ?? LearnerRecord.Empty;
            }
            return await AwardAsync(connection, transaction, userId, record, ct);
        }
        finally
        {
            if (opened)
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }

    private static DateTimeOffset Utc(DateTime at) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc));

    /// Inserts the awards (and their XP) the record earns and does not have; the record with them.
    private async Task<LearnerRecord> AwardAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string userId, LearnerRecord record, CancellationToken ct)
    {
        var earned = Earned(record, ProgressCatalog.ShapeOf(await lessons.CurrentAsync()));
        if (earned.Count == 0)
        {
            return record;
        }
        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(AdvisoryLock.LearnerProgress.Command(userId));
        var awarded = AddAwards(batch, userId, record, earned);
        await batch.ExecuteNonQueryAsync(ct);
        return awarded;
    }

    /// Moves a batch's reader on to the result of its record statement, past the writes' results.
    private static async Task SkipToRecordsAsync(NpgsqlDataReader reader, CancellationToken ct)
    {
        while (reader.FieldCount == 0 || reader.GetName(0) != "learner_record")
        {
            if (!await reader.NextResultAsync(ct))
            {
                throw new InvalidOperationException("The learner's record was not read.");
            }
        }
    }

    /// The records a <see cref="ManyRecordsSql"/> (or <see cref="MarkRecordsSql"/>) statement of
    /// the batch reads, by learner: a learner without an account row has none. Each list in the
    /// order the rules and the API expect: by time, then by id (the order of writing).
    internal static async Task<Dictionary<string, LearnerRecord>> ReadRecordsAsync(NpgsqlDataReader reader, CancellationToken ct)
    {
        await SkipToRecordsAsync(reader, ct);
        var rows = new Dictionary<string, RecordRows>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct))
        {
            var userId = reader.GetString(1);
            if (!rows.TryGetValue(userId, out var learner))
            {
                rows[userId] = learner = new RecordRows();
            }
            var part = reader.GetInt32(0);
            var name = reader.GetString(2);
            var id = reader.GetInt64(4);
            if (part == 0)
            {
                learner.TimeZone = name;
                learner.Xp = checked((int)id);
                continue;
            }
            var row = (Name: name, At: Utc(reader.GetFieldValue<DateTime>(3)), Id: id);
            (part switch
            {
                1 => learner.Completions,
                2 => learner.Awards,
                3 => learner.Exercises,
                _ => learner.Activities,
            }).Add(row);
        }
        return rows.Where(r => r.Value.TimeZone is not null).ToDictionary(r => r.Key, r => r.Value.ToRecord(), StringComparer.Ordinal);
    }

    /// One learner's rows of a records statement, as they come.
    private sealed class RecordRows
    {
        public string? TimeZone { get; set; }

        public int Xp { get; set; }

        public List<(string Name, DateTimeOffset At, long Id)> Completions { get; } = [];

        public List<(string Name, DateTimeOffset At, long Id)> Awards { get; } = [];

        public List<(string Name, DateTimeOffset At, long Id)> Exercises { get; } = [];

        public List<(string Name, DateTimeOffset At, long Id)> Activities { get; } = [];

        public LearnerRecord ToRecord()
        {
            Completions.Sort(ByTimeThenId);
            Awards.Sort(ByTimeThenId);
            Exercises.Sort(ByTimeThenId);
            Activities.Sort((a, b) => a.Id.CompareTo(b.Id));
            return new(TimeZone!, Xp,
                Completions.ConvertAll(c => new Completion(c.Name, c.At)),
                Activities.ConvertAll(a => (Enum.Parse<ActivityKind>(a.Name), a.At)),
                Awards.ConvertAll(a => (a.Name, a.At)))
            {
                ExercisesSolved = Exercises.ConvertAll(x => new Completion(x.Name, x.At)),
            };
        }

        private static int ByTimeThenId((string Name, DateTimeOffset At, long Id) a, (string Name, DateTimeOffset At, long Id) b)
        {
            var byTime = a.At.CompareTo(b.At);
            return byTime != 0 ? byTime : a.Id.CompareTo(b.Id);
        }
    }

    /// For writes that group several learners (their locks already held): inserts what each record
    /// earns, all in one round trip (none when nothing is earned), and returns the records with it.
    internal async Task<Dictionary<string, LearnerRecord>> AwardEachAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, Dictionary<string, LearnerRecord> records, CancellationToken ct)
    {
        var shape = ProgressCatalog.ShapeOf(await lessons.CurrentAsync());
        await using var batch = new NpgsqlBatch(connection, transaction);
        var awarded = new Dictionary<string, LearnerRecord>(records.Count, StringComparer.Ordinal);
        foreach (var (userId, record) in records)
        {
            var earned = Earned(record, shape);
            awarded[userId] = earned.Count > 0 ? AddAwards(batch, userId, record, earned) : record;
        }
        if (batch.BatchCommands.Count > 0)
        {
            await batch.ExecuteNonQueryAsync(ct);
        }
        return awarded;
    }

    /// The achievements <paramref name="record"/> earns and does not have yet, and when.
    private static List<KeyValuePair<string, DateTimeOffset>> Earned(LearnerRecord record, CatalogShape shape)
    {
        var facts = new LearnerFacts(
            record.Completions,
            shape,
            PersonTime.For(record.TimeZone).Zone,
            Moments(record, ActivityKind.CommentPosted),
            Moments(record, ActivityKind.ReplyReceived),
            Moments(record, ActivityKind.ReportAccepted))
        {
            ExercisesSolved = record.ExercisesSolved,
        };
        var awarded = record.Awards.Select(a => a.AchievementId).ToHashSet(StringComparer.Ordinal);
        return ProgressRules.Evaluate(facts).Where(e => !awarded.Contains(e.Key)).ToList();
    }

    private static List<DateTimeOffset> Moments(LearnerRecord record, ActivityKind kind)
    {
        var moments = new List<DateTimeOffset>();
        for (var i = 0; i < record.Activities.Count; i++)
        {
            if (record.Activities[i].Kind == kind)
            {
                moments.Add(record.Activities[i].At);
            }
        }
        return moments;
    }

    /// Adds the statements that insert <paramref name="earned"/> (awards and their XP, each once:
    /// unique keys) to <paramref name="batch"/>; the record as it will be with them.
    private static LearnerRecord AddAwards(
        NpgsqlBatch batch, string userId, LearnerRecord record, List<KeyValuePair<string, DateTimeOffset>> earned)
    {
        var xp = record.Xp;
        foreach (var (achievementId, at) in earned)
        {
            var earnedAt = at.ToUniversalTime();
            batch.BatchCommands.Add(Command(
                """
                INSERT INTO achievement_awards (user_id, achievement_id, earned_at) VALUES ($1, $2, $3)
                ON CONFLICT (user_id, achievement_id) DO NOTHING
                """, userId, achievementId, earnedAt));
            var points = ProgressRules.Achievements.First(a => a.Id == achievementId).Xp;
            if (points > 0)
            {
                batch.BatchCommands.Add(Command(
                    """
                    INSERT INTO xp_events (user_id, source, xp, created_at) VALUES ($1, $2, $3, $4)
                    ON CONFLICT (user_id, source) DO NOTHING
                    """, userId, XpEvent.ForAchievement(achievementId), points, earnedAt));
                xp += points;
            }
        }
        return record with
        {
            Xp = xp,
            Awards = record.Awards.Concat(earned.Select(e => (e.Key, e.Value.ToUniversalTime()))).ToList(),
        };
    }

    /// A statement for a batch, with positional parameters ($1, $2, ...).
    public static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        return command;
    }

    private static async Task<T> InTransactionAsync<T>(PlatformDbContext db, Func<Task<T>> work, CancellationToken ct)
    {
        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            var result = await work();
            if (own is not null)
            {
                await own.CommitAsync(ct);
            }
            return result;
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync();
            }
        }
    }
}
