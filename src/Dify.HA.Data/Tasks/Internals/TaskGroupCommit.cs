namespace Dify.HA.Data.Tasks.Internals;

/// <summary>
/// Group commit: an item that finds no send running goes at once; items that arrive while one runs wait for it and then
/// go together in one call (one Redis script, one PostgreSQL statement and COMMIT). On a busy queue this turns N calls
/// (each with its own round trip, server-side call overhead and replication / WAL commit) into one, without making a
/// lone call wait for company (beyond one thread-pool hop): the batch size follows the load by itself, no timer. The Redis store keeps one instance
/// per queue, so a batch's keys share one hash slot (also on a Cluster). The send must be safe to repeat (every script
/// or statement it uses is guarded per item, by the lease token or the enqueue nonce) because the connection provider
/// or router retries it across a failover.
/// </summary>
/// <typeparam name="TItem">What a caller hands in.</typeparam>
/// <typeparam name="TResult">What each caller gets back.</typeparam>
internal sealed class TaskGroupCommit<TItem, TResult>
{
    private const int MaxBatch = 256;
    private readonly Func<List<TItem>, Task<TResult[]>> _send;
    private readonly Lock _gate = new();
    private List<TItem> _items = [];
    private List<TaskCompletionSource<TResult>> _waiters = [];
    private bool _sending;

    /// <param name="send">Sends a batch (1 to 256 items) in one call; returns one result per item, in order.</param>
    public TaskGroupCommit(Func<List<TItem>, Task<TResult[]>> send) => _send = send;

    public Task<TResult> SubmitAsync(TItem item)
    {
        var waiter = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        bool start;
        lock (_gate)
        {
            _items.Add(item);
            _waiters.Add(waiter);
            start = !_sending;
            _sending = true;
        }

        if (start) _ = SendLoopAsync();
        return waiter.Task;
    }

    private async Task SendLoopAsync()
    {
        // One hop through the thread pool before the first send: callers that submit several items in one synchronous
        // run (a worker slot acknowledging a prefetched batch of quick tasks, Task.WhenAll over a batch) all get into it,
        // instead of the first going alone and the rest one round trip later. No timer, so a lone item waits only for
        // the hop.
        await Task.Yield();
        while (true)
        {
            List<TItem> items;
            List<TaskCompletionSource<TResult>> waiters;
            lock (_gate)
            {
                if (_items.Count == 0)
                {
                    _sending = false;
                    return;
                }

                if (_items.Count <= MaxBatch)
                {
                    (items, waiters) = (_items, _waiters);
                    (_items, _waiters) = ([], []);
                }
                else
                {
                    items = _items.GetRange(0, MaxBatch);
                    waiters = _waiters.GetRange(0, MaxBatch);
                    _items.RemoveRange(0, MaxBatch);
                    _waiters.RemoveRange(0, MaxBatch);
                }
            }

            try
            {
                var results = await _send(items).ConfigureAwait(false);
                for (var i = 0; i < waiters.Count; i++) waiters[i].TrySetResult(results[i]);
            }
#pragma warning disable CA1031 // every waiting caller gets the failure, whatever it is
            catch (Exception ex)
#pragma warning restore CA1031
            {
                foreach (var waiter in waiters) waiter.TrySetException(ex);
            }
        }
    }
}
