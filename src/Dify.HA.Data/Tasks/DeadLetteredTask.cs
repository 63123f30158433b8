namespace Dify.HA.Data.Tasks;

/// <summary>A task that failed permanently or ran out of attempts, with its error history.</summary>
public sealed record DeadLetteredTask
{
    /// <summary>The task.</summary>
    public required TaskEnvelope Task { get; init; }

    /// <summary>The errors of all attempts, oldest first; the last one is why it was dead-lettered.</summary>
    public IReadOnlyList<TaskAttemptError> Errors { get; init; } = [];

    /// <summary>When it was dead-lettered.</summary>
    public DateTimeOffset DeadLetteredAt { get; init; }
}
