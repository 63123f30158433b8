namespace Dify.HA.Data.Tasks;

/// <summary>Per-task options of <see cref="ITaskQueue.EnqueueAsync{TPayload}"/>; unset values take the queue's defaults.</summary>
public sealed class TaskEnqueueOptions
{
    /// <summary>
    /// A key (1 to 512 characters) that makes the enqueue idempotent: while a task of the queue with this key is
    /// pending, running, dead-lettered or done (and remembered by the backend), another enqueue returns its id. Null: none.
    /// </summary>
    public string? IdempotencyKey { get; set; }

    /// <summary>Higher runs first within the queue; any int. Default 0.</summary>
    public int Priority { get; set; }

    /// <summary>Run no earlier than this long from now; zero or more, at most 365 days. Not with <see cref="NotBefore"/>. Default: at once.</summary>
    public TimeSpan? Delay { get; set; }

    /// <summary>Run no earlier than this time. Not with <see cref="Delay"/>. Default: at once.</summary>
    public DateTimeOffset? NotBefore { get; set; }

    /// <summary>Attempts before the task is dead-lettered, 1 to 1,000. Default: the queue's <see cref="TaskQueueOptions.MaxAttempts"/>.</summary>
    public int? MaxAttempts { get; set; }

    /// <summary>Per-attempt time limit of the handler, more than zero, at most 1 day. Default: the queue's <see cref="TaskQueueOptions.Timeout"/>.</summary>
    public TimeSpan? Timeout { get; set; }
}
