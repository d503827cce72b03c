using Npgsql;
using Platform.Web.Infrastructure.Data;
using Platform.Web.Infrastructure.Telemetry;

namespace Platform.Web.Features.Progress;

/// "Done" marks from the progress API, group-committed (<see cref="GroupCommit{TItem, TResult}"/>).
/// A batch is one round trip and one transaction: each learner's lock (tried, never waited for),
/// their completions and lesson XP as one statement over arrays, and every learner's record read
/// after it, one scan per part of the record for all of them, without the activities a mark does
/// not change (<see cref="ProgressLedger.MarkRecordsSql"/>). The awards the records earn go in a
/// second round trip, only when something is earned, as the single path does.
///
/// A learner whose lock another transaction holds (their comment, their other device) is not
/// settled, nor is any mark of a batch the database refused (so one bad mark cannot fail the
/// others): the caller then writes through <see cref="ProgressLedger.CompleteAsync"/>, which waits
/// for the lock and reports its own error.
public sealed class MarkWrites(NpgsqlDataSource dataSource, ProgressLedger ledger, TimeProvider clock, ILogger<MarkWrites> logger)
    : GroupCommit<MarkWrites.Mark, LearnerRecord>(logger)
{
    // Lock, writes and returns which learners it locked and which marks were new; a CTE's rows are
    // produced once, so each learner's lock is tried once.
    private static readonly string WriteSql =
        $"""
        WITH wanted AS MATERIALIZED (
                 SELECT w.user_id, w.lesson_id, w.source, w.at
                   FROM unnest($1::text[], $2::integer[], $3::text[], $4::timestamptz[]) AS w(user_id, lesson_id, source, at)),
             locked AS MATERIALIZED (
                 SELECT w.* FROM wanted w WHERE pg_try_advisory_xact_lock($5, hashtext(w.user_id))),
             completed AS (
                 INSERT INTO lesson_completions (user_id, lesson_id, completed_at)
                 SELECT user_id, lesson_id, at FROM locked
                 ON CONFLICT (user_id, lesson_id) DO NOTHING
                 RETURNING user_id),
             paid AS (
                 INSERT INTO xp_events (user_id, source, xp, created_at)
                 SELECT user_id, source, {ProgressRules.LessonXp}, at FROM locked
                 ON CONFLICT (user_id, source) DO NOTHING)
        SELECT l.user_id, EXISTS (SELECT 1 FROM completed c WHERE c.user_id = l.user_id) FROM locked l
        """;

    /// The learner's record after the mark, or null: write it the usual way.
    public Task<LearnerRecord?> CompleteAsync(string userId, int lessonId, CancellationToken ct) =>
        SubmitAsync(new Mark(userId, lessonId, clock.GetUtcNow()), ct);

    protected override string LearnerOf(Mark item) => item.UserId;

    protected override async Task WriteBatchAsync(IReadOnlyList<Entry> entries, CancellationToken ct)
    {
        var batch = entries.Select(e => e.Item).ToList();
        var users = batch.Select(m => m.UserId).ToArray();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var locked = new HashSet<string>(StringComparer.Ordinal);
        Dictionary<string, LearnerRecord> records;
        var added = 0;
        await using (var write = new NpgsqlBatch(connection))
        {
            write.BatchCommands.Add(ProgressLedger.Command(WriteSql,
                users,
                batch.Select(m => m.LessonId).ToArray(),
                batch.Select(m => XpEvent.ForLesson(m.LessonId)).ToArray(),
                batch.Select(m => m.At).ToArray(),
                AdvisoryLock.LearnerProgress.Scope));
            write.BatchCommands.Add(ProgressLedger.Command(ProgressLedger.MarkRecordsSql, (object)users));
            await using var reader = await write.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                locked.Add(reader.GetString(0));
                added += reader.GetBoolean(1) ? 1 : 0;
            }
            // Only the learners whose lock the batch held were written.
            records = (await ProgressLedger.ReadRecordsAsync(reader, ct))
                .Where(r => locked.Contains(r.Key)).ToDictionary(StringComparer.Ordinal);
        }
        if (added > 0)
        {
            PlatformMetrics.LessonsCompleted.Add(added);
        }

        // What the committed records earn, for every learner of the batch in one more round trip.
        records = await ledger.AwardEachAsync(connection, null, records, ct);
        foreach (var entry in entries)
        {
            entry.Settle(records.GetValueOrDefault(entry.Item.UserId));
        }
    }

    public sealed record Mark(string UserId, int LessonId, DateTimeOffset At);
}
