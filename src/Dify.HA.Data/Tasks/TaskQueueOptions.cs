using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;

namespace Dify.HA.Data.Tasks;

/// <summary>
/// Options of one queue and its worker, bound from <c>Dify:Tasks:Queues:{name}</c> and validated at start-up (a
/// failure names the key, e.g. <c>Dify:Tasks:Queues:dataset:Concurrency</c>).
/// </summary>
public sealed class TaskQueueOptions
{
    /// <summary>Handlers of this queue running at once in this process, 1 to 1,024. Default 4.</summary>
    public int Concurrency { get; set; } = 4;

    /// <summary>
    /// Tasks each concurrency slot leases per call to the backend, 1 to 1,000. Default 1 (like Celery's
    /// <c>--prefetch-multiplier=1</c>: no task waits behind a slow one). Raise it for many short tasks: prefetched tasks
    /// are leased (and heartbeated) while they wait.
    /// </summary>
    public int PrefetchCount { get; set; } = 1;

    /// <summary>The lease (visibility timeout): how long a task stays invisible to other workers without a heartbeat, 100 ms to 1 h. Default 30 s.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often held leases are renewed, 10 ms up to half of <see cref="LeaseDuration"/>. Default 10 s.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts of a task before it is dead-lettered, unless the task says otherwise; 1 to 1,000. Default 5.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Per-attempt time limit of the handler unless the task says otherwise, 1 ms to 1 day. Default 5 min.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Retry backoff: attempt n waits a random time in [0, min(<see cref="BackoffMax"/>, base × 2^(n−1))] (full jitter); 0 to 1 h. Default 1 s.</summary>
    public TimeSpan BackoffBase { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The cap of the retry backoff, at least <see cref="BackoffBase"/>, at most 1 day. Default 5 min.</summary>
    public TimeSpan BackoffMax { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long an idle worker waits before asking the backend again, 1 ms to 1 min. Default 1 s (the in-memory backend wakes at once on new work).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Runs each task's handler once per idempotency key (the task's enqueue key, else its id) through the registered
    /// <c>IIdempotencyStore</c>, so a re-delivered task whose handler already completed is acknowledged without running
    /// again. Needs an idempotency store (the in-memory backend brings its own, process-local). Default false.
    /// </summary>
    public bool EffectOnce { get; set; }

    /// <summary>How long the effect-once completion mark is kept, 1 min to 365 days. Default 7 days.</summary>
    public TimeSpan EffectOnceRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often the worker samples the queue's depth, oldest age and dead letters for metrics, 1 s to 1 h. Default 15 s.</summary>
    public TimeSpan StatsInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Source-generated JSON metadata of the payload type (a <c>JsonTypeInfo&lt;TPayload&gt;</c>); null: reflection with snake_case names. Not bound from configuration.</summary>
    public JsonTypeInfo? JsonTypeInfo { get; set; }

    /// <summary>Throws <see cref="OptionsValidationException"/> listing every invalid option with its configuration key.</summary>
    /// <param name="queue">The queue name (part of the key).</param>
    internal void Validate(string queue)
    {
        var prefix = $"{DifyTasksOptions.SectionName}:Queues:{queue}";
        var failures = new List<string>();
        Range(failures, prefix, nameof(Concurrency), Concurrency, 1, 1024);
        Range(failures, prefix, nameof(PrefetchCount), PrefetchCount, 1, 1000);
        Range(failures, prefix, nameof(MaxAttempts), MaxAttempts, 1, 1000);
        Range(failures, prefix, nameof(LeaseDuration), LeaseDuration, TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1));
        var maxHeartbeat = LeaseDuration / 2 < TimeSpan.FromMilliseconds(10) ? TimeSpan.FromMilliseconds(10) : LeaseDuration / 2;
        Range(failures, prefix, nameof(HeartbeatInterval), HeartbeatInterval, TimeSpan.FromMilliseconds(10), maxHeartbeat, "half of LeaseDuration, so one lost heartbeat does not lose the lease");
        Range(failures, prefix, nameof(Timeout), Timeout, TimeSpan.FromMilliseconds(1), TimeSpan.FromDays(1));
        Range(failures, prefix, nameof(BackoffBase), BackoffBase, TimeSpan.Zero, TimeSpan.FromHours(1));
        Range(failures, prefix, nameof(BackoffMax), BackoffMax, BackoffBase, TimeSpan.FromDays(1), "at least BackoffBase");
        Range(failures, prefix, nameof(PollInterval), PollInterval, TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(1));
        Range(failures, prefix, nameof(EffectOnceRetention), EffectOnceRetention, TimeSpan.FromMinutes(1), TimeSpan.FromDays(365));
        Range(failures, prefix, nameof(StatsInterval), StatsInterval, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(prefix, typeof(TaskQueueOptions), failures);
        }
    }

    private static void Range(List<string> failures, string prefix, string name, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            failures.Add($"{prefix}:{name} is {value}; set it from {min} to {max}.");
        }
    }

    private static void Range(List<string> failures, string prefix, string name, TimeSpan value, TimeSpan min, TimeSpan max, string? why = null)
    {
        if (value < min || value > max)
        {
            failures.Add($"{prefix}:{name} is {value}; set it from {min} to {max}{(why is null ? string.Empty : $" ({why})")}.");
        }
    }
}
