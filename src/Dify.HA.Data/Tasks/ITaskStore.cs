namespace Dify.HA.Data.Tasks;

/// <summary>
/// A task backend: stores tasks of named queues, hands them out under leases (visibility timeouts), and keeps the
/// dead letters. One implementation per backend (in-memory, Redis Streams, PostgreSQL); every method is atomic per
/// task. Implement it to add a backend and register it with <c>DifyTasksBuilder.UseStore</c>.
/// </summary>
public interface ITaskStore
{
    /// <summary>
    /// Stores <paramref name="task"/>. When <see cref="TaskEnvelope.IdempotencyKey"/> is set and a task of the same
    /// queue with that key is pending, leased or done (and not yet forgotten), nothing is written and the first task's
    /// id is returned with <see cref="TaskEnqueueResult.Created"/> false.
    /// </summary>
    /// <param name="task">The task to store.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The id of the stored (or first) task and whether this call created it.</returns>
    ValueTask<TaskEnqueueResult> EnqueueAsync(TaskEnvelope task, CancellationToken cancellationToken);

    /// <summary>
    /// Leases up to <paramref name="maxCount"/> due tasks (<see cref="TaskEnvelope.NotBefore"/> at or before now) of
    /// <paramref name="queue"/> to <paramref name="consumerId"/> for <paramref name="leaseDuration"/>: highest
    /// <see cref="TaskEnvelope.Priority"/> first, first in first out within a priority. Tasks whose lease expired
    /// (their consumer died) are handed out again here with <see cref="TaskLease.Attempt"/> incremented.
    /// </summary>
    /// <param name="queue">The queue.</param>
    /// <param name="consumerId">Who takes the tasks (a worker instance).</param>
    /// <param name="maxCount">At most this many tasks, at least 1.</param>
    /// <param name="leaseDuration">How long the tasks stay invisible to others unless renewed.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The leased tasks, possibly none.</returns>
    ValueTask<IReadOnlyList<TaskLease>> LeaseAsync(string queue, string consumerId, int maxCount, TimeSpan leaseDuration, CancellationToken cancellationToken);

    /// <summary>Extends <paramref name="lease"/> to now + <paramref name="leaseDuration"/> (the worker's heartbeat).</summary>
    /// <param name="lease">The lease.</param>
    /// <param name="leaseDuration">The new duration from now.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True when renewed; false when the lease was lost (it expired and another consumer has the task, or the task is gone).</returns>
    ValueTask<bool> RenewAsync(TaskLease lease, TimeSpan leaseDuration, CancellationToken cancellationToken);

    /// <summary>Acknowledges the task: it is done and removed from the queue. Does nothing when the lease was lost.</summary>
    /// <param name="lease">The lease.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the acknowledgement is stored.</returns>
    ValueTask CompleteAsync(TaskLease lease, CancellationToken cancellationToken);

    /// <summary>
    /// Returns the task to the queue after a failed attempt, due at <paramref name="notBefore"/>, recording
    /// <paramref name="attemptError"/> in its history. The next lease has the attempt number incremented.
    /// </summary>
    /// <param name="lease">The lease.</param>
    /// <param name="notBefore">When the task may run again.</param>
    /// <param name="attemptError">What went wrong in this attempt.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when stored.</returns>
    ValueTask RetryAsync(TaskLease lease, DateTimeOffset notBefore, TaskAttemptError attemptError, CancellationToken cancellationToken);

    /// <summary>Moves the task to the queue's dead letters with its error history plus <paramref name="attemptError"/>.</summary>
    /// <param name="lease">The lease.</param>
    /// <param name="attemptError">The last error (why it is dead-lettered).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when stored.</returns>
    ValueTask DeadLetterAsync(TaskLease lease, TaskAttemptError attemptError, CancellationToken cancellationToken);

    /// <summary>
    /// Returns the task to the queue at once without counting the attempt (graceful shutdown): the next lease has the
    /// same attempt number as this one.
    /// </summary>
    /// <param name="lease">The lease.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when stored.</returns>
    ValueTask ReleaseAsync(TaskLease lease, CancellationToken cancellationToken);

    /// <summary>Lists dead letters of <paramref name="queue"/>, oldest first.</summary>
    /// <param name="queue">The queue.</param>
    /// <param name="limit">At most this many, at least 1.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The dead letters with their error history.</returns>
    ValueTask<IReadOnlyList<DeadLetteredTask>> ListDeadLettersAsync(string queue, int limit, CancellationToken cancellationToken);

    /// <summary>Moves a dead letter back to its queue, due now, with its attempts reset (the next lease is attempt 1).</summary>
    /// <param name="queue">The queue.</param>
    /// <param name="taskId">The dead-lettered task's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True when re-driven; false when no such dead letter exists.</returns>
    ValueTask<bool> RedriveAsync(string queue, string taskId, CancellationToken cancellationToken);

    /// <summary>Counts of <paramref name="queue"/>: depth (ready + delayed + leased), leased, delayed, age of the oldest ready task, dead letters.</summary>
    /// <param name="queue">The queue.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The counts at one moment.</returns>
    ValueTask<TaskQueueStats> GetStatsAsync(string queue, CancellationToken cancellationToken);
}
