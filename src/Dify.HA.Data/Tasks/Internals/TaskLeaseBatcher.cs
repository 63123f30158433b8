namespace Dify.HA.Data.Tasks.Internals;

/// <summary>
/// Claims tasks for several free slots of one worker in one backend call: a slot that finds no lease call running
/// starts one; slots that become free while it runs wait for it and are then served together by the next call, which
/// asks for <c>PrefetchCount</c> tasks per waiting slot and deals them out round-robin (so as many slots as possible get
/// work, each at most <c>PrefetchCount</c>: no slot holds more than it would have leased itself). The tasks are leased
/// and heartbeated exactly as before; only the number of round trips changes: under load fewer lease calls, and an idle
/// worker polls the backend once per <c>PollInterval</c> instead of once per slot.
/// </summary>
internal sealed class TaskLeaseBatcher
{
    /// <summary>
    /// At most this many tasks per shared call (the most one slot may ask for, <c>PrefetchCount</c> ≤ 1,000): a Redis
    /// lease is one script, and a script of a million tasks would stall the server for everyone.
    /// </summary>
    internal const int MaxPerCall = 1_000;

    private readonly Func<int, CancellationToken, ValueTask<IReadOnlyList<TaskLease>>> _lease;
    private readonly int _perSlot;
    private readonly Lock _gate = new();
    private List<TaskCompletionSource<IReadOnlyList<TaskLease>>> _waiting = [];
    private bool _leasing;

    /// <param name="lease">Leases up to the given number of tasks (the store's <c>LeaseAsync</c>).</param>
    /// <param name="perSlot">At most this many tasks a slot (the queue's <c>PrefetchCount</c>).</param>
    public TaskLeaseBatcher(Func<int, CancellationToken, ValueTask<IReadOnlyList<TaskLease>>> lease, int perSlot)
    {
        _lease = lease;
        _perSlot = perSlot;
    }

    /// <summary>Leases up to <c>PrefetchCount</c> tasks for one slot, possibly in a call shared with other slots.</summary>
    /// <param name="stoppingToken">The worker's stopping token (the same for every slot, so a shared call can use it).</param>
    public Task<IReadOnlyList<TaskLease>> LeaseAsync(CancellationToken stoppingToken)
    {
        var waiter = new TaskCompletionSource<IReadOnlyList<TaskLease>>(TaskCreationOptions.RunContinuationsAsynchronously);
        bool start;
        lock (_gate)
        {
            _waiting.Add(waiter);
            start = !_leasing;
            _leasing = true;
        }

        if (start)
        {
            _ = LeaseLoopAsync(stoppingToken);
        }

        return waiter.Task;
    }

    private async Task LeaseLoopAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            List<TaskCompletionSource<IReadOnlyList<TaskLease>>> waiters;
            lock (_gate)
            {
                if (_waiting.Count == 0)
                {
                    _leasing = false;
                    return;
                }

                (waiters, _waiting) = (_waiting, []);
            }

            IReadOnlyList<TaskLease> leases;
            try
            {
                leases = await _lease(Math.Min(waiters.Count * _perSlot, Math.Max(_perSlot, MaxPerCall)), stoppingToken).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // every waiting slot gets the failure and handles it as its own lease failure
            catch (Exception ex)
#pragma warning restore CA1031
            {
                foreach (var waiter in waiters)
                {
                    waiter.TrySetException(ex);
                }

                continue;
            }

            Deal(leases, waiters);
        }
    }

    private static void Deal(IReadOnlyList<TaskLease> leases, List<TaskCompletionSource<IReadOnlyList<TaskLease>>> waiters)
    {
        if (waiters.Count == 1)
        {
            waiters[0].TrySetResult(leases);
            return;
        }

        // Round-robin in the order the backend handed them out (priority, then FIFO): the first task of every slot
        // starts at once, in that order.
        var shares = new List<TaskLease>?[waiters.Count];
        for (var i = 0; i < leases.Count; i++)
        {
            (shares[i % waiters.Count] ??= []).Add(leases[i]);
        }

        for (var w = 0; w < waiters.Count; w++)
        {
            waiters[w].TrySetResult(shares[w] is { } share ? share : []);
        }
    }
}
