using System.Threading.Channels;

namespace Platform.Web.Infrastructure.Data;

/// Group commit: requests' writes of one kind, sent to the database together. While one batch
/// is at the database, the writes that arrive wait and go together in the next (at most
/// <see cref="MaxBatch"/>, one per learner: a learner's second write waits for the batch after),
/// so a statement's parse, bind and locks, the commit and the round trip are shared by the batch.
/// A lone write is a batch of one, sent at once: nothing waits for company.
///
/// A batch settles each write it took (<see cref="Entry.Settle"/>). A write it did not settle, or
/// any write of a batch that failed, comes back to its request as null: the request then writes
/// it the usual way, on its own, which waits for locks and reports its own error. A failed batch
/// never stops the loop.
public abstract class GroupCommit<TItem, TResult>(ILogger logger) : BackgroundService
    where TItem : notnull
    where TResult : class
{
    public const int MaxBatch = 64;

    private readonly Channel<Entry> _queue = Channel.CreateUnbounded<Entry>();
    private long _batches;

    /// Batches sent to the database since the start.
    public long Batches => Interlocked.Read(ref _batches);

    /// Writes waiting for the next batch.
    public int Waiting => _queue.Reader.Count;

    /// The write's result, or null: write it the usual way.
    protected async Task<TResult?> SubmitAsync(TItem item, CancellationToken ct)
    {
        var entry = new Entry(item, ExecutionContext.Capture());
        if (!_queue.Writer.TryWrite(entry))
        {
            return null;
        }
        return await entry.Done.Task.WaitAsync(ct);
    }

    /// The learner the write is for: one write per learner a batch.
    protected abstract string LearnerOf(TItem item);

    /// Writes the batch in one transaction and settles the entries it took.
    protected abstract Task WriteBatchAsync(IReadOnlyList<Entry> batch, CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var waiting = new List<Entry>();
        try
        {
            while (waiting.Count > 0 || await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                var batch = new List<Entry>();
                var learners = new HashSet<string>(StringComparer.Ordinal);
                var later = new List<Entry>();
                foreach (var entry in waiting)
                {
                    (batch.Count < MaxBatch && learners.Add(LearnerOf(entry.Item)) ? batch : later).Add(entry);
                }
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next))
                {
                    (learners.Add(LearnerOf(next.Item)) ? batch : later).Add(next);
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
            _queue.Writer.TryComplete();
            Release(waiting.Concat(Drain()));
        }
    }

    private IEnumerable<Entry> Drain()
    {
        while (_queue.Reader.TryRead(out var entry))
        {
            yield return entry;
        }
    }

    /// Hands the writes back to their requests, to be written the usual way.
    private static void Release(IEnumerable<Entry> entries)
    {
        foreach (var entry in entries)
        {
            entry.Settle(null);
        }
    }

    private async Task WriteAsync(List<Entry> batch, CancellationToken ct)
    {
        Interlocked.Increment(ref _batches);
        try
        {
            // In the first write's context: its trace (and its statement count) shows the batch.
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
            logger.LogWarning(e, "A batch of {Count} writes ({Kind}) failed; each is written on its own.", batch.Count, GetType().Name);
            Release(batch);
        }
    }

    protected sealed class Entry(TItem item, ExecutionContext? context)
    {
        public TItem Item { get; } = item;

        public ExecutionContext? Context { get; } = context;

        public TaskCompletionSource<TResult?> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// The write's result (null: write it the usual way). The first word stands.
        public void Settle(TResult? result) => Done.TrySetResult(result);
    }
}
