namespace Dify.HA.Data.Tasks;

/// <summary>A task handed out to a consumer until <see cref="LeasedUntil"/> unless renewed.</summary>
public sealed record TaskLease
{
    /// <summary>The task.</summary>
    public required TaskEnvelope Task { get; init; }

    /// <summary>This delivery's attempt number, 1-based.</summary>
    public int Attempt { get; init; } = 1;

    /// <summary>The consumer holding the lease.</summary>
    public required string ConsumerId { get; init; }

    /// <summary>Backend-specific, opaque token identifying this delivery (a lease lost and re-leased has another).</summary>
    public required string LeaseToken { get; init; }

    /// <summary>When the lease expires unless renewed.</summary>
    public DateTimeOffset LeasedUntil { get; init; }

    /// <summary>Errors of earlier attempts, oldest first.</summary>
    public IReadOnlyList<TaskAttemptError> PreviousErrors { get; init; } = [];
}
