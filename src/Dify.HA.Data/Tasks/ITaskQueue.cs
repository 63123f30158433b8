namespace Dify.HA.Data.Tasks;

/// <summary>
/// Enqueues tasks to the queues registered with <c>AddDifyTasks(...).AddQueue(...)</c>, and lists and re-drives their
/// dead letters. Delivery is at least once: a handler may see a task again after a crash or a lost lease; turn on
/// <see cref="TaskQueueOptions.EffectOnce"/> (or use <see cref="TaskContext.RunOnceAsync(string, Func{CancellationToken, ValueTask}, CancellationToken)"/>)
/// for effects that must happen once.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "It is a queue: the name users look for.")]
public interface ITaskQueue
{
    /// <summary>
    /// Serializes <paramref name="payload"/> as JSON and stores it as a task of <paramref name="queue"/>. With an
    /// <see cref="TaskEnqueueOptions.IdempotencyKey"/> that is already used by a pending or done task of the queue,
    /// nothing is stored and that task's id is returned.
    /// </summary>
    /// <typeparam name="TPayload">The queue's payload type (as registered).</typeparam>
    /// <param name="queue">A registered queue name.</param>
    /// <param name="payload">The payload.</param>
    /// <param name="options">Idempotency key, priority, delay, attempts, timeout; null for the queue's defaults.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The task id (the first task's id for a repeated idempotency key).</returns>
    /// <exception cref="ArgumentException">
    /// Empty or unknown queue, a payload type other than the queue's, a payload that cannot be serialized, or an
    /// invalid option (negative delay, both delay and not-before, max attempts below 1, non-positive timeout); nothing
    /// is stored.
    /// </exception>
    ValueTask<string> EnqueueAsync<TPayload>(string queue, TPayload payload, TaskEnqueueOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Lists the dead letters of <paramref name="queue"/>, oldest first, with their error history.</summary>
    /// <param name="queue">A registered queue name.</param>
    /// <param name="limit">At most this many, 1 to 10,000. Default 100.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The dead letters.</returns>
    ValueTask<IReadOnlyList<DeadLetteredTask>> ListDeadLettersAsync(string queue, int limit = 100, CancellationToken cancellationToken = default);

    /// <summary>Moves a dead letter back to its queue, due now, with its attempts reset.</summary>
    /// <param name="queue">A registered queue name.</param>
    /// <param name="taskId">The dead letter's task id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True when re-driven; false when there is no such dead letter.</returns>
    ValueTask<bool> RedriveAsync(string queue, string taskId, CancellationToken cancellationToken = default);

    /// <summary>Counts of <paramref name="queue"/> (depth, leased, delayed, oldest ready age, dead letters).</summary>
    /// <param name="queue">A registered queue name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The counts.</returns>
    ValueTask<TaskQueueStats> GetStatsAsync(string queue, CancellationToken cancellationToken = default);
}
