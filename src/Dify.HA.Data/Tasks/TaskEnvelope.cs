namespace Dify.HA.Data.Tasks;

/// <summary>A task as stored by an <see cref="ITaskStore"/>: its identity, payload and scheduling.</summary>
public sealed record TaskEnvelope
{
    /// <summary>The task id, unique in the store (the queue creates a sortable one).</summary>
    public required string Id { get; init; }

    /// <summary>The queue name.</summary>
    public required string Queue { get; init; }

    /// <summary>The payload: UTF-8 JSON.</summary>
    public ReadOnlyMemory<byte> Payload { get; init; }

    /// <summary>Higher runs first; default 0.</summary>
    public int Priority { get; init; }

    /// <summary>When the task was enqueued (also the FIFO order within a priority).</summary>
    public DateTimeOffset EnqueuedAt { get; init; }

    /// <summary>Not handed out before this time; null = at once.</summary>
    public DateTimeOffset? NotBefore { get; init; }

    /// <summary>Attempts before the task is dead-lettered, at least 1.</summary>
    public int MaxAttempts { get; init; } = 1;

    /// <summary>Per-attempt timeout of the handler; null = the queue's default.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>The enqueue-time idempotency key (unique per queue while the task is pending or done); null = none.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>The W3C <c>traceparent</c> of the enqueuing activity, so the processing trace links to it; null = none.</summary>
    public string? TraceParent { get; init; }
}
