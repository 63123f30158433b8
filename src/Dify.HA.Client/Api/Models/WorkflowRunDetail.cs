using System.Text.Json;

namespace Dify.HA.Client;

/// <summary>The stored state of a workflow run (<c>GET /workflows/run/{workflow_run_id}</c>).</summary>
public sealed record WorkflowRunDetail
{
    /// <summary>The run's id.</summary>
    public string? Id { get; init; }

    /// <summary>The workflow's id.</summary>
    public string? WorkflowId { get; init; }

    /// <summary><c>running</c>, <c>succeeded</c>, <c>failed</c>, <c>stopped</c>, <c>partial-succeeded</c> or <c>paused</c>.</summary>
    public string? Status { get; init; }

    /// <summary>The run's inputs as Dify stores them: usually a JSON string to parse, sometimes an object.</summary>
    public JsonElement? Inputs { get; init; }

    /// <summary>The run's outputs (empty until available).</summary>
    public IReadOnlyDictionary<string, JsonElement>? Outputs { get; init; }

    /// <summary>The error when the run failed.</summary>
    public string? Error { get; init; }

    /// <summary>Steps executed.</summary>
    public int? TotalSteps { get; init; }

    /// <summary>Tokens used.</summary>
    public long? TotalTokens { get; init; }

    /// <summary>When the run started.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>When the run finished; null while it runs.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Seconds elapsed.</summary>
    public double? ElapsedTime { get; init; }
}
