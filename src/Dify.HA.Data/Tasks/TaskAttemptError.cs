namespace Dify.HA.Data.Tasks;

/// <summary>Why one attempt of a task failed.</summary>
public sealed record TaskAttemptError
{
    /// <summary>The attempt number (1-based).</summary>
    public int Attempt { get; init; }

    /// <summary>When it failed.</summary>
    public DateTimeOffset At { get; init; }

    /// <summary>The exception type name or a reason code (<c>timeout</c>, <c>bad_payload</c>, <c>lease_expired</c>).</summary>
    public required string Type { get; init; }

    /// <summary>The error message (never a secret: handlers' exception messages are stored as they are).</summary>
    public required string Message { get; init; }

    /// <summary>True when the failure was permanent (no retry).</summary>
    public bool Permanent { get; init; }
}
