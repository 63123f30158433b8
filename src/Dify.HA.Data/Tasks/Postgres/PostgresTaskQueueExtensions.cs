using Npgsql;

namespace Dify.HA.Data.Tasks.Postgres;

/// <summary>The outbox on <see cref="ITaskQueue"/>: enqueue inside the caller's PostgreSQL transaction.</summary>
public static class PostgresTaskQueueExtensions
{
    /// <summary>
    /// Enqueues as <see cref="ITaskQueue.EnqueueAsync{TPayload}(string, TPayload, TaskEnqueueOptions?, CancellationToken)"/>
    /// does (validation, JSON, trace context, metrics), but the PostgreSQL backend inserts the task inside
    /// <paramref name="transaction"/>: the task exists if and only if that transaction commits (an outbox).
    /// </summary>
    /// <typeparam name="TPayload">The queue's payload type.</typeparam>
    /// <param name="tasks">The task queue (its backend must be the PostgreSQL one: <c>UsePostgres()</c>).</param>
    /// <param name="transaction">The caller's open transaction on the primary, holding the business write.</param>
    /// <param name="queue">A registered queue name.</param>
    /// <param name="payload">The payload.</param>
    /// <param name="options">Idempotency key, priority, delay, attempts, timeout; null for the queue's defaults.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The task id (the first task's id for a repeated idempotency key).</returns>
    /// <exception cref="InvalidOperationException">
    /// The transaction has completed, or the backend is not PostgreSQL — then the task was stored by that backend
    /// outside the transaction: roll back, and configure <c>UsePostgres()</c>.
    /// </exception>
    public static async ValueTask<string> EnqueueAsync<TPayload>(
        this ITaskQueue tasks,
        NpgsqlTransaction transaction,
        string queue,
        TPayload payload,
        TaskEnqueueOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(transaction);
        var connection = transaction.Connection
            ?? throw new InvalidOperationException("The transaction has already committed or rolled back: enqueue inside an open transaction.");

        // The queue builds the envelope and calls its store; an ambient scope (async-local: it ends with this method)
        // tells the PostgreSQL store to insert on the caller's connection instead of its own.
        var scope = new PostgresTaskStore.OutboxScope(connection);
        PostgresTaskStore.Ambient.Value = scope;
        var id = await tasks.EnqueueAsync(queue, payload, options, cancellationToken).ConfigureAwait(false);
        if (!scope.Used)
        {
            throw new InvalidOperationException(
                $"Task {id} of queue '{queue}' was stored outside the transaction: the task backend is not PostgreSQL. Roll back, and choose it with AddDifyTasks(...).UsePostgres().");
        }

        return id;
    }
}
