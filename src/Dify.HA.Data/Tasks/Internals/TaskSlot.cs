namespace Dify.HA.Data.Tasks.Internals;

/// <summary>One concurrency slot's reusable cancellation source (see <c>TaskWorker.RunSlotAsync</c>).</summary>
internal sealed class TaskSlot(TimeProvider time) : IDisposable
{
    private readonly object _gate = new();
    private CancellationTokenSource _current = new(Timeout.InfiniteTimeSpan, time);

    public CancellationTokenSource Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    /// <summary>Readies the source for the next task: reset (stops its timer) or, once cancelled, replaced.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            if (!_current.TryReset())
            {
                _current.Dispose();
                _current = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
            }
        }
    }

    public void CancelCurrent()
    {
        lock (_gate)
        {
            _current.Cancel();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _current.Dispose();
        }
    }
}
