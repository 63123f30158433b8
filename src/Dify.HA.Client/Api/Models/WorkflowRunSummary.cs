namespace Dify.HA.Client;

/// <summary>A workflow run as listed in the logs.</summary>
public sealed record WorkflowRunSummary
{
    /// <summary>The run's id.</summary>
    public string? Id { get; init; }

    /// <summary>The workflow version.</summary>
    public string? Version { get; init; }

    /// <summary>The run's status.</summary>
    public string? Status { get; init; }

    /// <summary>The error when the run failed.</summary>
    public string? Error { get; init; }

    /// <summary>Seconds elapsed.</summary>
    public double? ElapsedTime { get; init; }

    /// <summary>Tokens used.</summary>
    public long? TotalTokens { get; init; }

    /// <summary>Steps executed.</summary>
    public int? TotalSteps { get; init; }

    /// <summary>When the run started.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>When the run finished.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Exceptions raised during the run.</summary>
    public int? ExceptionsCount { get; init; }

    /// <summary>What triggered the run, e.g. <c>app-run</c>.</summary>
    public string? TriggeredFrom { get; init; }
}
