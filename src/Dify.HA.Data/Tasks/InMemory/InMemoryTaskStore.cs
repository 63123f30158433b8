using System.Collections.Concurrent;

namespace Dify.HA.Data.Tasks.InMemory;

/// <summary>
/// The in-memory task backend, the default: for tests and single-process use. It is NOT durable: every task,
/// lease and dead letter lives in this process's memory and is lost when the process stops or crashes. Per queue it
/// keeps a priority heap (priority, then FIFO), a delay heap and a lease heap under one lock, and wakes waiting
/// workers through a <see cref="System.Threading.Channels.Channel{T}"/>. Use the Redis or PostgreSQL backend for
/// durability.
/// </summary>
public sealed class InMemoryTaskStore : ITaskStore
{
    private readonly ConcurrentDictionary<string, InMemoryTaskQueueState> _queues = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly TimeSpan _keyRetention;
    private InMemoryIdempotencyStore? _effects;
    private int _warnedNotDurable;

    /// <summary>Creates an empty store.</summary>
    /// <param name="options">Options; null for the defaults.</param>
    /// <param name="timeProvider">The clock for due times and leases; null for <see cref="TimeProvider.System"/>.</param>
    public InMemoryTaskStore(InMemoryTaskStoreOptions? options = null, TimeProvider? timeProvider = null)
    {
        options ??= new InMemoryTaskStoreOptions();
        options.Validate(InMemoryTaskStoreOptions.SectionName);
        _keyRetention = options.IdempotencyKeyRetention;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public ValueTask<TaskEnqueueResult> EnqueueAsync(TaskEnvelope task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<TaskEnqueueResult>(Queue(task.Queue).Enqueue(task, _time.GetUtcNow()));
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<TaskLease>> LeaseAsync(string queue, string consumerId, int maxCount, TimeSpan leaseDuration, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        ArgumentException.ThrowIfNullOrEmpty(consumerId);
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<IReadOnlyList<TaskLease>>(Queue(queue).Lease(consumerId, maxCount, leaseDuration, _time.GetUtcNow()));
    }

    /// <inheritdoc />
    public ValueTask<bool> RenewAsync(TaskLease lease, TimeSpan leaseDuration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return new ValueTask<bool>(Queue(lease.Task.Queue).Renew(lease, leaseDuration, _time.GetUtcNow()));
    }

    /// <inheritdoc />
    public ValueTask CompleteAsync(TaskLease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        Queue(lease.Task.Queue).Complete(lease, _time.GetUtcNow());
        return default;
    }

    /// <inheritdoc />
    public ValueTask RetryAsync(TaskLease lease, DateTimeOffset notBefore, TaskAttemptError attemptError, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(attemptError);
        Queue(lease.Task.Queue).Retry(lease, notBefore, attemptError, _time.GetUtcNow());
        return default;
    }

    /// <inheritdoc />
    public ValueTask DeadLetterAsync(TaskLease lease, TaskAttemptError attemptError, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(attemptError);
        Queue(lease.Task.Queue).DeadLetter(lease, attemptError, _time.GetUtcNow());
        return default;
    }

    /// <inheritdoc />
    public ValueTask ReleaseAsync(TaskLease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        Queue(lease.Task.Queue).Release(lease, _time.GetUtcNow());
        return default;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<DeadLetteredTask>> ListDeadLettersAsync(string queue, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return new ValueTask<IReadOnlyList<DeadLetteredTask>>(Queue(queue).ListDeadLetters(limit));
    }

    /// <inheritdoc />
    public ValueTask<bool> RedriveAsync(string queue, string taskId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        return new ValueTask<bool>(Queue(queue).Redrive(taskId, _time.GetUtcNow()));
    }

    /// <inheritdoc />
    public ValueTask<TaskQueueStats> GetStatsAsync(string queue, CancellationToken cancellationToken) =>
        new(Queue(queue).GetStats(_time.GetUtcNow()));

    /// <summary>
    /// Waits until something may have become ready in <paramref name="queue"/> (an enqueue, retry, release or
    /// re-drive), or until the next delayed task or lease expiry is due, or at most <paramref name="maxWait"/>.
    /// The worker uses it instead of sleeping a poll interval.
    /// </summary>
    internal async ValueTask WaitForWorkAsync(string queue, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        var state = Queue(queue);
        if (state.Wake.TryRead(out _))
        {
            return;
        }

        // A producer that keeps up with the worker enqueues again within microseconds: spin (yielding the core) a few
        // times before paying for a linked token source, a timer and a thread-pool wake-up per wait.
        var spinner = default(SpinWait);
        for (var i = 0; i < 20; i++)
        {
            spinner.SpinOnce(sleep1Threshold: -1);
            if (state.Wake.TryRead(out _))
            {
                return;
            }
        }

        var wait = maxWait;
        if (state.NextTimedEvent() is { } next)
        {
            var untilNext = next - _time.GetUtcNow();
            if (untilNext < wait)
            {
                wait = untilNext < TimeSpan.Zero ? TimeSpan.Zero : untilNext;
            }
        }

        if (wait <= TimeSpan.Zero)
        {
            return;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var timer = _time.CreateTimer(static s => ((CancellationTokenSource)s!).Cancel(), timeout, wait, Timeout.InfiniteTimeSpan);
        try
        {
            await state.Wake.WaitToReadAsync(timeout.Token).ConfigureAwait(false);
            state.Wake.TryRead(out _);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // the wait ran out: the caller polls
        }
    }

    /// <summary>The process-local idempotency store effect-once queues use when no other is registered.</summary>
    internal InMemoryIdempotencyStore Effects =>
        Volatile.Read(ref _effects) ?? Interlocked.CompareExchange(ref _effects, new InMemoryIdempotencyStore(_time), null) ?? _effects!;

    /// <summary>True the first time it is asked (so the not-durable warning is logged once per store).</summary>
    internal bool FirstNotDurableWarning() => Interlocked.Exchange(ref _warnedNotDurable, 1) == 0;

    private InMemoryTaskQueueState Queue(string queue)
    {
        ArgumentException.ThrowIfNullOrEmpty(queue);
        return _queues.TryGetValue(queue, out var state)
            ? state
            : _queues.GetOrAdd(queue, static (name, retention) => new InMemoryTaskQueueState(name, retention), _keyRetention);
    }
}
