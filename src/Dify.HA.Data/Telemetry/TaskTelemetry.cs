namespace Dify.HA.Data.Telemetry;

/// <summary>
/// The task queue's telemetry vocabulary: its ActivitySource, span names, metrics (on the
/// <see cref="DifyDataTelemetry.SourceName"/> Meter) and tags. An enqueue span (producer) writes its
/// <c>traceparent</c> into the task; the process span (consumer) links to it.
/// </summary>
public static class TaskTelemetry
{
    /// <summary>The ActivitySource of enqueue and process spans: <c>Dify.HA.Data.Tasks</c>.</summary>
    public const string ActivitySourceName = "Dify.HA.Data.Tasks";

    /// <summary>The Meter of the task metrics: <c>Dify.HA.Data</c> (shared with the rest of the data package).</summary>
    public const string MeterName = DifyDataTelemetry.SourceName;

    /// <summary>Span (producer): one enqueue. Name <c>dify.tasks.enqueue</c>; tags <see cref="QueueTag"/>, <see cref="TaskIdTag"/>, <see cref="CreatedTag"/>.</summary>
    public const string EnqueueActivity = "dify.tasks.enqueue";

    /// <summary>Span (consumer): one attempt of a task, linked to its enqueue span. Tags <see cref="QueueTag"/>, <see cref="TaskIdTag"/>, <see cref="AttemptTag"/>, <see cref="OutcomeTag"/>.</summary>
    public const string ProcessActivity = "dify.tasks.process";

    /// <summary>Counter: tasks enqueued. Tags <see cref="QueueTag"/>, <see cref="CreatedTag"/>.</summary>
    public const string Enqueued = "dify.ha.tasks.enqueued";

    /// <summary>Counter: attempts finished. Tags <see cref="QueueTag"/>, <see cref="OutcomeTag"/>.</summary>
    public const string Attempts = "dify.ha.tasks.attempts";

    /// <summary>Counter: tasks dead-lettered. Tags <see cref="QueueTag"/>, <see cref="ReasonTag"/>.</summary>
    public const string DeadLettered = "dify.ha.tasks.dead_lettered";

    /// <summary>Histogram (seconds): handler duration per attempt. Tags <see cref="QueueTag"/>, <see cref="OutcomeTag"/>.</summary>
    public const string Duration = "dify.ha.tasks.duration";

    /// <summary>Gauge: tasks not yet done (ready + delayed + leased), sampled every StatsInterval. Tag <see cref="QueueTag"/>.</summary>
    public const string QueueDepth = "dify.ha.tasks.queue.depth";

    /// <summary>Gauge (seconds): how long the oldest ready task has waited, sampled. Tag <see cref="QueueTag"/>.</summary>
    public const string OldestAge = "dify.ha.tasks.queue.oldest_age";

    /// <summary>Gauge: dead letters of the queue, sampled. Tag <see cref="QueueTag"/>.</summary>
    public const string DeadLetters = "dify.ha.tasks.queue.dead_letters";

    /// <summary>Tag: the queue name.</summary>
    public const string QueueTag = "queue";

    /// <summary>Tag: the task id (spans only).</summary>
    public const string TaskIdTag = "task.id";

    /// <summary>Tag: the attempt number (spans only).</summary>
    public const string AttemptTag = "task.attempt";

    /// <summary>Tag: whether an enqueue stored a new task (false: the idempotency key was used).</summary>
    public const string CreatedTag = "created";

    /// <summary>Tag: how an attempt ended: <c>completed</c>, <c>retried</c>, <c>dead_lettered</c>, <c>released</c>, <c>lease_lost</c>, <c>skipped</c> (effect-once: done before).</summary>
    public const string OutcomeTag = "outcome";

    /// <summary>Tag: why a task was dead-lettered: <c>max_attempts</c>, <c>permanent</c>, <c>bad_payload</c>.</summary>
    public const string ReasonTag = "reason";
}
