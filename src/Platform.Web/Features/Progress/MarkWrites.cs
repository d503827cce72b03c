using System.Threading.Channels;
using Npgsql;
using Platform.Web.Features.Lessons;
using Platform.Web.Infrastructure.Data;
using Platform.Web.Infrastructure.Telemetry;

namespace Platform.Web.Features.Progress;

/// "Done" marks from the progress API, written together: group commit. While one batch is at
/// the database, the marks that arrive wait for the next, which takes them all (at most
/// <see cref="MaxBatch"/>, one per learner). A batch is one round trip and one transaction: each
/// learner's lock (tried, never waited for), their completions and lesson XP as one statement over
/// arrays, and every learner's record read after it. The awards the records earn go in a second
/// round trip, only when something is earned, as the single path does.
///
/// Under load the database's work per mark (a statement's parse, bind and locks, a commit, a
/// round trip) is shared by the whole batch; a lone mark is a batch of one, sent at once.
///
/// Whatever the fast path cannot do the usual way, it hands back (<see cref="Outcome.Busy"/>):
/// a learner whose lock another transaction holds (their comment, their other device), a batch the
/// database refused (so one bad mark cannot fail the others). The caller then writes through
/// <see cref="ProgressLedger.CompleteAsync"/>, which waits for the lock and reports its own error.
public sealed class MarkWrites(NpgsqlDataSource dataSource, LessonCatalog lessons, TimeProvider clock, ILogger<MarkWrites> logger)
    : BackgroundService
{
    public const int MaxBatch = 64;

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

    private readonly Channel<Mark> _marks = Channel.CreateUnbounded<Mark>();
    private long _batches;

    /// Batches sent to the database since the start (what the marks were grouped into).
    public long Batches => Interlocked.Read(ref _batches);

    /// Marks waiting for the next batch.
    public int Waiting => _marks.Reader.Count;

    /// The learner's record after the mark, or <see cref="Outcome.Busy"/>: write it the usual way.
    public async Task<Outcome> CompleteAsync(string userId, int lessonId, CancellationToken ct)
    {
        var mark = new Mark(userId, lessonId, clock.GetUtcNow(), ExecutionContext.Capture());
        if (!_marks.Writer.TryWrite(mark))
        {
            return Outcome.Busy;
        }
        return await mark.Done.Task.WaitAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var waiting = new List<Mark>();
        try
        {
            while (waiting.Count > 0 || await _marks.Reader.WaitToReadAsync(stoppingToken))
            {
                // One mark per learner a batch; a learner's second mark waits for the next.
                var batch = new List<Mark>();
                var learners = new HashSet<string>(StringComparer.Ordinal);
                var later = new List<Mark>();
                foreach (var mark in waiting)
                {
                    (batch.Count < MaxBatch && learners.Add(mark.UserId) ? batch : later).Add(mark);
                }
                while (batch.Count < MaxBatch && _marks.Reader.TryRead(out var next))
                {
                    (learners.Add(next.UserId) ? batch : later).Add(next);
                }
                waiting = later;
                await WriteAsync(batch, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            _marks.Writer.TryComplete();
            Release(waiting.Concat(Drain()));
        }
    }

    private IEnumerable<Mark> Drain()
    {
        while (_marks.Reader.TryRead(out var mark))
        {
            yield return mark;
        }
    }

    private async Task WriteAsync(List<Mark> batch, CancellationToken ct)
    {
        try
        {
            // In the first mark's context: its trace (and its statement count) shows the batch.
            Task<Dictionary<string, LearnerRecord>>? written = null;
            if (batch[0].Context is { } context)
            {
                ExecutionContext.Run(context, _ => written = WriteBatchAsync(batch, ct), null);
            }
            var records = await (written ?? WriteBatchAsync(batch, ct));
            foreach (var mark in batch)
            {
                mark.Done.TrySetResult(records.TryGetValue(mark.UserId, out var record) ? new Outcome(record) : Outcome.Busy);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping: the requests write their marks themselves (or end with the server).
            Release(batch);
            throw;
        }
        catch (Exception e)
        {
            // Whatever went wrong, the loop goes on (a failed batch must not stop the host) and
            // the marks are written the usual way, which reports its own error.
            logger.LogWarning(e, "A batch of {Count} marks failed; each is written on its own.", batch.Count);
            Release(batch);
        }
    }

    /// Hands the marks back to their requests, to be written the usual way.
    private static void Release(IEnumerable<Mark> marks)
    {
        foreach (var mark in marks)
        {
            mark.Done.TrySetResult(Outcome.Busy);
        }
    }

    private async Task<Dictionary<string, LearnerRecord>> WriteBatchAsync(List<Mark> batch, CancellationToken ct)
    {
        Interlocked.Increment(ref _batches);
        var users = batch.Select(m => m.UserId).ToArray();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var locked = new HashSet<string>(StringComparer.Ordinal);
        var records = new Dictionary<string, LearnerRecord>(StringComparer.Ordinal);
        var added = 0;
        await using (var write = new NpgsqlBatch(connection))
        {
            write.BatchCommands.Add(ProgressLedger.Command(WriteSql,
                users,
                batch.Select(m => m.LessonId).ToArray(),
                batch.Select(m => XpEvent.ForLesson(m.LessonId)).ToArray(),
                batch.Select(m => m.At).ToArray(),
                AdvisoryLock.LearnerProgress.Scope));
            write.BatchCommands.Add(ProgressLedger.Command(ProgressLedger.ManyRecordsSql, (object)users));
            await using var reader = await write.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                locked.Add(reader.GetString(0));
                added += reader.GetBoolean(1) ? 1 : 0;
            }
            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var userId = reader.GetString(10);
                if (locked.Contains(userId))
                {
                    records[userId] = ProgressLedger.ReadRecord(reader);
                }
            }
        }
        if (added > 0)
        {
            PlatformMetrics.LessonsCompleted.Add(added);
        }

        // What the committed records earn, for every learner of the batch in one more round trip.
        var shape = ProgressCatalog.ShapeOf(await lessons.CurrentAsync());
        await using var awards = new NpgsqlBatch(connection);
        foreach (var (userId, record) in records.ToList())
        {
            var earned = ProgressLedger.Earned(record, shape);
            if (earned.Count > 0)
            {
                records[userId] = ProgressLedger.AddAwards(awards, userId, record, earned);
            }
        }
        if (awards.BatchCommands.Count > 0)
        {
            await awards.ExecuteNonQueryAsync(ct);
        }
        return records;
    }

    private sealed record Mark(string UserId, int LessonId, DateTimeOffset At, ExecutionContext? Context)
    {
        public TaskCompletionSource<Outcome> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// The record after the mark, or none: <see cref="Busy"/>, write it the usual way.
    public sealed record Outcome(LearnerRecord? Record)
    {
        public static readonly Outcome Busy = new((LearnerRecord?)null);
    }
}
