using System.Text.Json;

namespace Dify.HA.Client;

/// <summary>The <c>data</c> of <c>workflow_paused</c>: the run waits for input and can be resumed later.</summary>
public sealed record DifyWorkflowPausedData
{
    /// <summary>Workflow run id (for <c>GET /workflows/run/{id}</c> and <c>GET /workflow/{id}/events</c>).</summary>
    public string? WorkflowRunId { get; init; }

    /// <summary>Ids of the nodes waiting.</summary>
    public IReadOnlyList<string>? PausedNodes { get; init; }

    /// <summary>Partial outputs at pause time.</summary>
    public IReadOnlyDictionary<string, JsonElement>? Outputs { get; init; }

    /// <summary>Why the run paused (one Human Input form per waiting node).</summary>
    public IReadOnlyList<DifyHumanInputForm>? Reasons { get; init; }

    /// <summary><c>paused</c>.</summary>
    public string? Status { get; init; }

    /// <summary>When the run started.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>Run time so far in seconds.</summary>
    public double? ElapsedTime { get; init; }

    /// <summary>Tokens consumed so far.</summary>
    public long? TotalTokens { get; init; }

    /// <summary>Steps executed so far.</summary>
    public int? TotalSteps { get; init; }
}
