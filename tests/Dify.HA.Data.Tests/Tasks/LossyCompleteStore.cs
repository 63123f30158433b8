using Dify.HA.Data.Tasks;

namespace Dify.HA.Data.Tests.Tasks;

/// <summary>
/// Wraps a store and loses some acknowledgements (the call returns but nothing is stored), as when a worker dies
/// between its handler's effect and the ack: the lease then expires and the task is delivered again.
/// </summary>
public sealed class LossyCompleteStore(ITaskStore inner, int dropEvery, int maxDrops) : ITaskStore
{
    private int _completes;
    private int _dropped;

    public int Completes => Volatile.Read(ref _completes);

    public int Dropped => Volatile.Read(ref _dropped);

    public ValueTask CompleteAsync(TaskLease lease, CancellationToken cancellationToken)
    {
        var n = Interlocked.Increment(ref _completes);
        if (n % dropEvery == 0 && Interlocked.Increment(ref _dropped) <= maxDrops)
        {
            return ValueTask.CompletedTask;
        }

        if (n % dropEvery == 0)
        {
            Interlocked.Decrement(ref _dropped);
        }

        return inner.CompleteAsync(lease, cancellationToken);
    }

    public ValueTask<TaskEnqueueResult> EnqueueAsync(TaskEnvelope task, CancellationToken cancellationToken) => inner.EnqueueAsync(task, cancellationToken);

    public System.Collections.Concurrent.ConcurrentDictionary<string, int> LeasesByConsumer { get; } = new();

    public async ValueTask<IReadOnlyList<TaskLease>> LeaseAsync(string queue, string consumerId, int maxCount, TimeSpan leaseDuration, CancellationToken cancellationToken)
    {
        var leases = await inner.LeaseAsync(queue, consumerId, maxCount, leaseDuration, cancellationToken);
        LeasesByConsumer.AddOrUpdate(consumerId, leases.Count, (_, n) => n + leases.Count);
        return leases;
    }

    public ValueTask<bool> RenewAsync(TaskLease lease, TimeSpan leaseDuration, CancellationToken cancellationToken) => inner.RenewAsync(lease, leaseDuration, cancellationToken);

    public ValueTask RetryAsync(TaskLease lease, DateTimeOffset notBefore, TaskAttemptError attemptError, CancellationToken cancellationToken) =>
        inner.RetryAsync(lease, notBefore, attemptError, cancellationToken);

    public ValueTask DeadLetterAsync(TaskLease lease, TaskAttemptError attemptError, CancellationToken cancellationToken) => inner.DeadLetterAsync(lease, attemptError, cancellationToken);

    public ValueTask ReleaseAsync(TaskLease lease, CancellationToken cancellationToken) => inner.ReleaseAsync(lease, cancellationToken);

    public ValueTask<IReadOnlyList<DeadLetteredTask>> ListDeadLettersAsync(string queue, int limit, CancellationToken cancellationToken) => inner.ListDeadLettersAsync(queue, limit, cancellationToken);

    public ValueTask<bool> RedriveAsync(string queue, string taskId, CancellationToken cancellationToken) => inner.RedriveAsync(queue, taskId, cancellationToken);

    public ValueTask<TaskQueueStats> GetStatsAsync(string queue, CancellationToken cancellationToken) => inner.GetStatsAsync(queue, cancellationToken);
}
