namespace Dify.HA.Data.Tasks;

/// <summary>Counts of one queue at one moment.</summary>
public sealed record TaskQueueStats
{
    /// <summary>Tasks not yet done: ready + delayed + leased.</summary>
    public long Depth { get; init; }

    /// <summary>Tasks leased to a consumer now.</summary>
    public long Leased { get; init; }

    /// <summary>Tasks not yet due (delayed or waiting for a retry).</summary>
    public long Delayed { get; init; }

    /// <summary>How long the oldest ready task has been due; null when none is ready.</summary>
    public TimeSpan? OldestReadyAge { get; init; }

    /// <summary>Dead letters of the queue.</summary>
    public long DeadLettered { get; init; }
}
