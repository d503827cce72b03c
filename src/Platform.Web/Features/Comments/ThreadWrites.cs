using Microsoft.Extensions.Options;
using Npgsql;
using Platform.Web.Features.Progress;
using Platform.Web.Infrastructure.Data;
using Platform.Web.Infrastructure.Telemetry;

namespace Platform.Web.Features.Comments;

/// New threads (a comment that answers none), group-committed (<see cref="GroupCommit{TItem, TResult}"/>),
/// one post per author a batch (their limits count what the batch before wrote), in one
/// transaction of three round trips for all of them:
/// 1. each author's two locks, tried and never waited for (their posting and their progress
///    ledger), the new comments' ids, the authors' accounts and, when a limit is on, their posts
///    of the last hour: the same checks, with the same answers, as <see cref="CommentPosting"/>;
/// 2. the comments as one statement over arrays, then every author's ledger record (a comment is
///    its own activity, and its author follows it without a row: nothing else to write for it);
/// 3. the awards the records earn (when any), then the commit.
///
/// A reply is not taken here: it alerts the thread's followers and locks the thread, which
/// <see cref="CommentPosting"/> does on its own. Nor is an author whose lock another transaction
/// holds, nor any post of a batch the database refused: null, and the request posts it the usual way.
public sealed class ThreadWrites(
    NpgsqlDataSource dataSource, ProgressLedger ledger, IOptions<CommentOptions> options, ILogger<ThreadWrites> logger)
    : GroupCommit<ThreadWrites.Post, PostOutcome>(logger)
{
    /// <paramref name="counted"/>: a limit is on, so the authors' newest posts are read too (`$4`
    /// since when, `$5` how many at most). Two statements, not a parameter that switches that read
    /// off: PostgreSQL planned a statement whose plan depends on a parameter's value again on
    /// every batch (0.2 ms each), where it keeps one plan for each of these.
    private static string ChecksSql(bool counted) =>
        $$"""
        WITH wanted AS MATERIALIZED (SELECT x.user_id, x.ordinal FROM unnest($1::text[]) WITH ORDINALITY AS x(user_id, ordinal)),
             locked AS MATERIALIZED (
                 SELECT w.user_id, w.ordinal FROM wanted w
                  WHERE pg_try_advisory_xact_lock($2, hashtext(w.user_id)) AND pg_try_advisory_xact_lock($3, hashtext(w.user_id)))
        SELECT l.user_id, nextval(pg_get_serial_sequence('comments', 'id')),
               u.id IS NOT NULL, u.email_confirmed, u.deleted_at IS NOT NULL, u.blocked_until, u.block_reason, u.time_zone,
               {{(counted
                   ? """
                     ARRAY(SELECT n.created_at FROM (SELECT c.created_at FROM comments c WHERE c.author_id = l.user_id AND c.created_at > $4
                                                      ORDER BY c.created_at DESC LIMIT $5) AS n
                            ORDER BY n.created_at)
                     """
                   : "'{}'::timestamptz[]")}}
          FROM locked l LEFT JOIN users u ON u.id = l.user_id
         ORDER BY l.ordinal
        """;

    private static readonly string CountingChecksSql = ChecksSql(counted: true);

    private static readonly string UncountedChecksSql = ChecksSql(counted: false);

    private const string CommentsSql =
        """
        INSERT INTO comments (id, lesson_id, author_id, body_markdown, body_html, created_at) OVERRIDING SYSTEM VALUE
        SELECT * FROM unnest($1::bigint[], $2::integer[], $3::text[], $4::text[], $5::text[], $6::timestamptz[])
        """;

    /// The new thread's id or why it is refused, or null: post it the usual way.
    public Task<PostOutcome?> PostAsync(string userId, LessonRef lesson, string body, string html, DateTimeOffset now, CancellationToken ct) =>
        SubmitAsync(new Post(userId, lesson.Id, body, html, now), ct);

    protected override string LearnerOf(Post item) => item.UserId;

    /// Writes the batch; settles each post it took (posted or refused) once the commit is done.
    protected override async Task WriteBatchAsync(IReadOnlyList<Entry> entries, CancellationToken ct)
    {
        var limits = options.Value;
        var batch = entries.Select(e => e.Item).ToList();
        var now = batch.Max(p => p.At);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);

        var byAuthor = entries.ToDictionary(e => e.Item.UserId, StringComparer.Ordinal);
        var taken = new List<(Entry Entry, long Id)>();
        var refusals = new List<(Entry Entry, PostOutcome Refusal)>();
        await using (var checks = new NpgsqlBatch(connection, transaction))
        {
            var counted = PostChecks.Counted(limits);
            var users = batch.Select(p => p.UserId).ToArray();
            checks.BatchCommands.Add(counted > 0
                ? ProgressLedger.Command(CountingChecksSql, users, AdvisoryLock.CommentAuthor.Scope, AdvisoryLock.LearnerProgress.Scope,
                    PostChecks.CountedSince(limits, now), counted)
                : ProgressLedger.Command(UncountedChecksSql, users, AdvisoryLock.CommentAuthor.Scope, AdvisoryLock.LearnerProgress.Scope));
            await using var reader = await checks.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var entry = byAuthor[reader.GetString(0)];
                var post = entry.Item;
                var author = reader.GetBoolean(2)
                    ? new AuthorCheck(reader.GetBoolean(3), reader.GetBoolean(4),
                        reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5),
                        reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7))
                    : null;
                var recent = reader.GetFieldValue<DateTime[]>(8).Select(t => new DateTimeOffset(t, TimeSpan.Zero)).ToList();
                if ((PostChecks.AuthorRefusal(author, post.At) ?? PostChecks.RateRefusal(limits, recent, post.At)) is { } refused)
                {
                    refusals.Add((entry, refused));
                }
                else
                {
                    taken.Add((entry, reader.GetInt64(1)));
                }
            }
        }

        if (taken.Count > 0)
        {
            Dictionary<string, LearnerRecord> records;
            var users = taken.Select(t => t.Entry.Item.UserId).ToArray();
            var ids = taken.Select(t => t.Id).ToArray();
            var times = taken.Select(t => t.Entry.Item.At).ToArray();
            await using (var writes = new NpgsqlBatch(connection, transaction))
            {
                writes.BatchCommands.Add(ProgressLedger.Command(CommentsSql,
                    ids, taken.Select(t => t.Entry.Item.LessonId).ToArray(), users,
                    taken.Select(t => t.Entry.Item.Body).ToArray(), taken.Select(t => t.Entry.Item.Html).ToArray(), times));
                writes.BatchCommands.Add(ProgressLedger.Command(ProgressLedger.ActivityRecordsSql, (object)users));
                await using var reader = await writes.ExecuteReaderAsync(ct);
                records = await ProgressLedger.ReadRecordsAsync(reader, ct);
            }
            await ledger.AwardEachAsync(connection, transaction, records, ct);
        }
        await transaction.CommitAsync(ct);
        PlatformMetrics.CommentsPosted.Add(taken.Count);
        foreach (var (entry, id) in taken)
        {
            entry.Settle(new PostOutcome(id, StatusCodes.Status201Created, null));
        }
        foreach (var (entry, refusal) in refusals)
        {
            entry.Settle(refusal);
        }
    }

    public sealed record Post(string UserId, int LessonId, string Body, string Html, DateTimeOffset At);
}
