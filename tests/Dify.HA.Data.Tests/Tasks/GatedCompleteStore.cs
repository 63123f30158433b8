using Dify.HA.Data.Tasks;

namespace Dify.HA.Data.Tests.Tasks;

/// <summary>
/// Wraps a store and holds every acknowledgement until <see cref="Open"/> is called (a slow backend), counting the
/// renewals of leases whose acknowledgement is waiting.
/// </summary>
public sealed class GatedCompleteStore(ITaskStore inner) : ITaskStore
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _waiting = new();
    private int _renewalsWhileWaiting;
    private int _completed;

    public int Waiting => _waiting.Count;

    public int RenewalsWhileWaiting => Volatile.Read(ref _renewalsWhileWaiting);

    public int Completed => Volatile.Read(ref _completed);

    public void Open() => _gate.TrySetResult();

    public async ValueTask CompleteAsync(TaskLease lease, CancellationToken cancellationToken)
    {
        _waiting[lease.Task.Id] = true;
        await _gate.Task;
        await inner.CompleteAsync(lease, cancellationToken);
        _waiting.TryRemove(lease.Task.Id, out _);
        Interlocked.Increment(ref _completed);
    }

    public ValueTask<bool> RenewAsync(TaskLease lease, TimeSpan leaseDuration, CancellationToken cancellationToken)
    {
        if (_waiting.ContainsKey(lease.Task.Id))
        {
            Interlocked.Increment(ref _renewalsWhileWaiting);
        }

        return inner.RenewAsync(lease, leaseDuration, cancellationToken);
    }

    public ValueTask<TaskEnqueueResult> EnqueueAsync(TaskEnvelope task, CancellationToken cancellationToken) => inner.EnqueueAsync(task, cancellationToken);

    public ValueTask<IReadOnlyList<TaskLease>> LeaseAsync(string queue, string consumerId, int maxCount, TimeSpan leaseDuration, CancellationToken cancellationToken) =>
        inner.LeaseAsync(queue, consumerId, maxCount, leaseDuration, cancellationToken);

    public ValueTask RetryAsync(TaskLease lease, DateTimeOffset notBefore, TaskAttemptError attemptError, CancellationToken cancellationToken) =>
        inner.RetryAsync(lease, notBefore, attemptError, cancellationToken);

    public ValueTask DeadLetterAsync(TaskLease lease, TaskAttemptError attemptError, CancellationToken cancellationToken) => inner.DeadLetterAsync(lease, attemptError, cancellationToken);

    public ValueTask ReleaseAsync(TaskLease lease, CancellationToken cancellationToken) => inner.ReleaseAsync(lease, cancellationToken);

    public ValueTask<IReadOnlyList<DeadLetteredTask>> ListDeadLettersAsync(string queue, int limit, CancellationToken cancellationToken) => inner.ListDeadLettersAsync(queue, limit, cancellationToken);

    public ValueTask<bool> RedriveAsync(string queue, string taskId, CancellationToken cancellationToken) => inner.RedriveAsync(queue, taskId, cancellationToken);

    public ValueTask<TaskQueueStats> GetStatsAsync(string queue, CancellationToken cancellationToken) => inner.GetStatsAsync(queue, cancellationToken);
}
