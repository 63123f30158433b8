using System.Text.Json.Serialization.Metadata;
using Dify.HA.Data.Idempotency;

namespace Dify.HA.Data.Tasks;

/// <summary>What a handler knows about the task it runs, and helpers to make its effects happen once.</summary>
public sealed class TaskContext
{
    private readonly IIdempotencyStore? _idempotency;
    private readonly IdempotencyRunOptions _runOptions;

    internal TaskContext(TaskLease lease, IIdempotencyStore? idempotency, IdempotencyRunOptions runOptions)
    {
        Lease = lease;
        _idempotency = idempotency;
        _runOptions = runOptions;
    }

    /// <summary>The task id.</summary>
    public string TaskId => Lease.Task.Id;

    /// <summary>The queue name.</summary>
    public string Queue => Lease.Task.Queue;

    /// <summary>This attempt's number, 1-based (it grows with retries and with re-deliveries after a lost lease).</summary>
    public int Attempt => Lease.Attempt;

    /// <summary>Attempts allowed before the task is dead-lettered.</summary>
    public int MaxAttempts => Lease.Task.MaxAttempts;

    /// <summary>The enqueue-time idempotency key, or null.</summary>
    public string? IdempotencyKey => Lease.Task.IdempotencyKey;

    /// <summary>When the task was enqueued.</summary>
    public DateTimeOffset EnqueuedAt => Lease.Task.EnqueuedAt;

    /// <summary>The errors of earlier attempts, oldest first.</summary>
    public IReadOnlyList<TaskAttemptError> PreviousErrors => Lease.PreviousErrors;

    /// <summary>The lease this attempt runs under.</summary>
    internal TaskLease Lease { get; }

    /// <summary>
    /// The idempotency key of one effect of this task: <c>dify:tasks:{queue}:{idempotency key or task id}:{step}</c>.
    /// The same for every attempt and re-delivery of the task.
    /// </summary>
    /// <param name="step">Names the effect within the task (for example <c>send-mail</c>).</param>
    /// <returns>The key.</returns>
    public string EffectKey(string step)
    {
        ArgumentException.ThrowIfNullOrEmpty(step);
        return $"{TaskEffectKeys.For(Queue, IdempotencyKey ?? TaskId)}:{step}";
    }

    /// <summary>
    /// Runs <paramref name="effect"/> once for this task across attempts, re-deliveries and processes (through the
    /// registered <see cref="IIdempotencyStore"/>): a later attempt that reaches the same step skips it.
    /// </summary>
    /// <param name="step">Names the effect within the task.</param>
    /// <param name="effect">The effect.</param>
    /// <param name="cancellationToken">Cancels waiting and is passed to the effect.</param>
    /// <returns>A task that completes when the effect ran here or earlier.</returns>
    /// <exception cref="InvalidOperationException">No idempotency store is registered (and the backend is not in-memory).</exception>
    public async ValueTask RunOnceAsync(string step, Func<CancellationToken, ValueTask> effect, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(effect);
        await RequireStore().RunOnceAsync(
            EffectKey(step),
            async ct =>
            {
                await effect(ct).ConfigureAwait(false);
                return ReadOnlyMemory<byte>.Empty;
            },
            _runOptions,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>As <see cref="RunOnceAsync(string, Func{CancellationToken, ValueTask}, CancellationToken)"/>, keeping the effect's result (JSON) for later attempts.</summary>
    /// <typeparam name="T">The effect's result.</typeparam>
    /// <param name="step">Names the effect within the task.</param>
    /// <param name="effect">The effect.</param>
    /// <param name="jsonTypeInfo">How to store the result (from a <c>JsonSerializerContext</c>).</param>
    /// <param name="cancellationToken">Cancels waiting and is passed to the effect.</param>
    /// <returns>The result, from this run or an earlier one.</returns>
    public ValueTask<T> RunOnceAsync<T>(string step, Func<CancellationToken, ValueTask<T>> effect, JsonTypeInfo<T> jsonTypeInfo, CancellationToken cancellationToken) =>
        RequireStore().RunOnceAsync(EffectKey(step), effect, jsonTypeInfo, _runOptions, cancellationToken);

    private IIdempotencyStore RequireStore() =>
        _idempotency ?? throw new InvalidOperationException(
            "Effect-once helpers need an IIdempotencyStore: register one (AddDifyRedisIdempotencyStore or AddDifyPostgresIdempotencyStore).");
}
