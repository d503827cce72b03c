using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Npgsql;
using Platform.Web.Features.Lessons;
using Platform.Web.Features.Progress;
using Platform.Web.Infrastructure.Data;
using Platform.Web.Infrastructure.Telemetry;

namespace Platform.Web.Features.Comments;

/// New threads (a comment that answers none), written together: group commit, as
/// <see cref="MarkWrites"/> does for marks. While one batch is at the database, the posts that
/// arrive wait and go in the next (at most <see cref="MaxBatch"/>, one per author), in one
/// transaction of three round trips for all of them:
/// 1. each author's two locks, tried and never waited for (their posting and their progress
///    ledger), the new comments' ids, the authors' accounts and, when a limit is on, their posts
///    of the last hour: the same checks, with the same answers, as <see cref="CommentPosting"/>;
/// 2. the comments, the authors' activities and thread follows as one statement each over
///    arrays, then every author's ledger record;
/// 3. the awards the records earn (when any), then the commit.
///
/// A reply is not taken here: it alerts the thread's followers and locks the thread, which
/// <see cref="CommentPosting"/> does on its own. Nor is an author whose lock another transaction
/// holds, nor a batch the database refused: <see cref="Outcome.Busy"/>, and the request posts
/// it the usual way.
public sealed class ThreadWrites(
    NpgsqlDataSource dataSource, LessonCatalog lessons, IOptions<CommentOptions> options, ILogger<ThreadWrites> logger)
    : BackgroundService
{
    public const int MaxBatch = 64;

    private const string ChecksSql =
        """
        WITH wanted AS MATERIALIZED (SELECT x.user_id, x.ordinal FROM unnest($1::text[]) WITH ORDINALITY AS x(user_id, ordinal)),
             locked AS MATERIALIZED (
                 SELECT w.user_id, w.ordinal FROM wanted w
                  WHERE pg_try_advisory_xact_lock($2, hashtext(w.user_id)) AND pg_try_advisory_xact_lock($3, hashtext(w.user_id)))
        SELECT l.user_id, nextval(pg_get_serial_sequence('comments', 'id')),
               u.id IS NOT NULL, u.email_confirmed, u.deleted_at IS NOT NULL, u.blocked_until, u.block_reason, u.time_zone,
               CASE WHEN $5 > 0 THEN ARRAY(
                   SELECT n.created_at FROM (SELECT c.created_at FROM comments c WHERE c.author_id = l.user_id AND c.created_at > $4
                                              ORDER BY c.created_at DESC LIMIT $5) AS n
                    ORDER BY n.created_at)
               ELSE '{}' END
          FROM locked l LEFT JOIN users u ON u.id = l.user_id
         ORDER BY l.ordinal
        """;

    private const string CommentsSql =
        """
        INSERT INTO comments (id, lesson_id, author_id, body_markdown, body_html, created_at) OVERRIDING SYSTEM VALUE
        SELECT * FROM unnest($1::bigint[], $2::integer[], $3::text[], $4::text[], $5::text[], $6::timestamptz[])
        """;

    private const string ActivitiesSql =
        """
        INSERT INTO learner_activities (user_id, kind, source_key, occurred_at)
        SELECT x.user_id, $4, 'comment:' || x.id, x.at FROM unnest($1::text[], $2::bigint[], $3::timestamptz[]) AS x(user_id, id, at)
        ON CONFLICT (user_id, kind, source_key) DO NOTHING
        """;

    private const string FollowsSql =
        """
        INSERT INTO thread_subscriptions (thread_id, user_id, subscribed, updated_at)
        SELECT x.id, x.user_id, TRUE, x.at FROM unnest($1::text[], $2::bigint[], $3::timestamptz[]) AS x(user_id, id, at)
        ON CONFLICT (thread_id, user_id) DO NOTHING
        """;

    private readonly Channel<Post> _posts = Channel.CreateUnbounded<Post>();
    private long _batches;

    /// Batches sent to the database since the start.
    public long Batches => Interlocked.Read(ref _batches);

    /// Posts waiting for the next batch.
    public int Waiting => _posts.Reader.Count;

    /// The new thread's id, a refusal, or <see cref="Outcome.Busy"/>: post it the usual way.
    public async Task<Outcome> PostAsync(
        string userId, LessonRef lesson, string body, string html, DateTimeOffset now, CancellationToken ct)
    {
        var post = new Post(userId, lesson.Id, body, html, now, ExecutionContext.Capture());
        if (!_posts.Writer.TryWrite(post))
        {
            return Outcome.Busy;
        }
        return await post.Done.Task.WaitAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var waiting = new List<Post>();
        try
        {
            while (waiting.Count > 0 || await _posts.Reader.WaitToReadAsync(stoppingToken))
            {
                // One post per author a batch (their limits count what the batch before wrote).
                var batch = new List<Post>();
                var authors = new HashSet<string>(StringComparer.Ordinal);
                var later = new List<Post>();
                foreach (var post in waiting)
                {
                    (batch.Count < MaxBatch && authors.Add(post.UserId) ? batch : later).Add(post);
                }
                while (batch.Count < MaxBatch && _posts.Reader.TryRead(out var next))
                {
                    (authors.Add(next.UserId) ? batch : later).Add(next);
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
            _posts.Writer.TryComplete();
            Release(waiting.Concat(Drain()));
        }
    }

    private IEnumerable<Post> Drain()
    {
        while (_posts.Reader.TryRead(out var post))
        {
            yield return post;
        }
    }

    private static void Release(IEnumerable<Post> posts)
    {
        foreach (var post in posts)
        {
            post.Done.TrySetResult(Outcome.Busy);
        }
    }

    private async Task WriteAsync(List<Post> batch, CancellationToken ct)
    {
        try
        {
            // In the first post's context: its trace (and its statement count) shows the batch.
            Task? written = null;
            if (batch[0].Context is { } context)
            {
                ExecutionContext.Run(context, _ => written = WriteBatchAsync(batch, ct), null);
            }
            await (written ?? WriteBatchAsync(batch, ct));
            Release(batch);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            Release(batch);
            throw;
        }
        catch (Exception e)
        {
            // Whatever went wrong, the loop goes on and the posts are written the usual way.
            logger.LogWarning(e, "A batch of {Count} new threads failed; each is posted on its own.", batch.Count);
            Release(batch);
        }
    }

    /// Writes the batch; settles each post it took (posted or refused) once the commit is done.
    private async Task WriteBatchAsync(List<Post> batch, CancellationToken ct)
    {
        Interlocked.Increment(ref _batches);
        var limits = options.Value;
        var now = batch.Max(p => p.At);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);

        var byAuthor = batch.ToDictionary(p => p.UserId, StringComparer.Ordinal);
        var taken = new List<(Post Post, long Id)>();
        var settled = new List<(Post Post, Outcome Outcome)>();
        await using (var checks = new NpgsqlBatch(connection, transaction))
        {
            checks.BatchCommands.Add(ProgressLedger.Command(ChecksSql,
                batch.Select(p => p.UserId).ToArray(), AdvisoryLock.CommentAuthor.Scope, AdvisoryLock.LearnerProgress.Scope,
                PostChecks.CountedSince(limits, now), PostChecks.Counted(limits)));
            await using var reader = await checks.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var post = byAuthor[reader.GetString(0)];
                var author = reader.GetBoolean(2)
                    ? new AuthorCheck(reader.GetBoolean(3), reader.GetBoolean(4),
                        reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5),
                        reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7))
                    : null;
                var recent = reader.GetFieldValue<DateTime[]>(8).Select(t => new DateTimeOffset(t, TimeSpan.Zero)).ToList();
                if ((PostChecks.AuthorRefusal(author, post.At) ?? PostChecks.RateRefusal(limits, recent, post.At)) is { } refused)
                {
                    settled.Add((post, new Outcome(refused)));
                }
                else
                {
                    taken.Add((post, reader.GetInt64(1)));
                }
            }
        }

        if (taken.Count > 0)
        {
            var users = taken.Select(t => t.Post.UserId).ToArray();
            var ids = taken.Select(t => t.Id).ToArray();
            var times = taken.Select(t => t.Post.At).ToArray();
            var records = new Dictionary<string, LearnerRecord>(StringComparer.Ordinal);
            await using (var writes = new NpgsqlBatch(connection, transaction))
            {
                writes.BatchCommands.Add(ProgressLedger.Command(CommentsSql,
                    ids, taken.Select(t => t.Post.LessonId).ToArray(), users,
                    taken.Select(t => t.Post.Body).ToArray(), taken.Select(t => t.Post.Html).ToArray(), times));
                writes.BatchCommands.Add(ProgressLedger.Command(ActivitiesSql, users, ids, times, nameof(ActivityKind.CommentPosted)));
                writes.BatchCommands.Add(ProgressLedger.Command(FollowsSql, users, ids, times));
                writes.BatchCommands.Add(ProgressLedger.Command(ProgressLedger.ManyRecordsSql, (object)users));
                await using var reader = await writes.ExecuteReaderAsync(ct);
                while (reader.FieldCount == 0 || reader.GetName(0) != "learner_record")
                {
                    await reader.NextResultAsync(ct);
                }
                while (await reader.ReadAsync(ct))
                {
                    records[reader.GetString(10)] = ProgressLedger.ReadRecord(reader);
                }
            }
            var shape = ProgressCatalog.ShapeOf(await lessons.CurrentAsync());
            await using var awards = new NpgsqlBatch(connection, transaction);
            foreach (var (userId, record) in records)
            {
                if (ProgressLedger.Earned(record, shape) is { Count: > 0 } earned)
                {
                    ProgressLedger.AddAwards(awards, userId, record, earned);
                }
            }
            if (awards.BatchCommands.Count > 0)
            {
                await awards.ExecuteNonQueryAsync(ct);
            }
        }
        await transaction.CommitAsync(ct);
        PlatformMetrics.CommentsPosted.Add(taken.Count);
        foreach (var (post, id) in taken)
        {
            post.Done.TrySetResult(new Outcome(new PostOutcome(id, StatusCodes.Status201Created, null)));
        }
        foreach (var (post, outcome) in settled)
        {
            post.Done.TrySetResult(outcome);
        }
    }

    private sealed record Post(string UserId, int LessonId, string Body, string Html, DateTimeOffset At, ExecutionContext? Context)
    {
        public TaskCompletionSource<Outcome> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// What became of the post, or none: <see cref="Busy"/>, post it the usual way.
    public sealed record Outcome(PostOutcome? Posted)
    {
        public static readonly Outcome Busy = new((PostOutcome?)null);
    }
}
