namespace Dify.HA.Data.Tasks.Internals;

/// <summary>
/// A lease the worker holds (running or prefetched). The heartbeat calls <see cref="MarkLost"/> when the backend says
/// the lease is gone, which cancels the handler's token if the task is running.
/// </summary>
internal sealed class TaskLeaseHolder(TaskLease lease)
{
    private CancellationTokenSource? _running;
    private volatile bool _lost;

    public TaskLease Lease { get; } = lease;

    public bool IsLost => _lost;

    /// <summary>Attaches the slot's token source while the handler runs (null when it ends), so a loss can cancel it.</summary>
    public void SetRunning(CancellationTokenSource? running)
    {
        lock (this)
        {
            _running = running;
        }
    }

    public void MarkLost()
    {
        _lost = true;
        lock (this)
        {
            // Under the lock: the slot detaches its (reused) source before running the next task.
            _running?.Cancel();
        }
    }
}
