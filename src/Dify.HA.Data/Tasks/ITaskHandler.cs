namespace Dify.HA.Data.Tasks;

/// <summary>
/// Handles tasks of one queue; registered with <c>AddQueue&lt;TPayload, THandler&gt;</c> and resolved from a new
/// dependency-injection scope for every task. Return normally to acknowledge the task; throw to fail the attempt
/// (retried with backoff until the queue's max attempts, then dead-lettered); throw
/// <see cref="PermanentTaskException"/> to dead-letter at once. Delivery is at least once: make the handler
/// idempotent or use the effect-once helpers of <see cref="TaskContext"/>.
/// </summary>
/// <typeparam name="TPayload">The payload type.</typeparam>
public interface ITaskHandler<in TPayload>
{
    /// <summary>Handles one task.</summary>
    /// <param name="payload">The deserialized payload.</param>
    /// <param name="context">The task's id, attempt, idempotency key and effect-once helpers.</param>
    /// <param name="cancellationToken">Cancelled on the task's timeout, when the lease was lost, and at the end of the host's shutdown timeout.</param>
    /// <returns>A task that completes when the work is done.</returns>
    ValueTask HandleAsync(TPayload payload, TaskContext context, CancellationToken cancellationToken);
}
