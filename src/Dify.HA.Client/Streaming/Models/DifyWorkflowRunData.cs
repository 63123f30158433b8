using System.Text.Json;

namespace Dify.HA.Client;

/// <summary>
/// The state of a workflow run: the <c>data</c> of <c>workflow_finished</c>, of a blocking workflow response,
/// and of <c>GET /workflows/run/{id}</c>.
/// </summary>
public sealed record DifyWorkflowRunData
{
    /// <summary>Workflow run id (the same as <c>workflow_run_id</c>).</summary>
    public string? Id { get; init; }

    /// <summary>Id of the workflow that ran.</summary>
    public string? WorkflowId { get; init; }

    /// <summary><c>running</c>, <c>succeeded</c>, <c>failed</c>, <c>stopped</c>, <c>partial-succeeded</c> or <c>paused</c>.</summary>
    public string? Status { get; init; }

    /// <summary>The run's outputs (null when it produced none or failed).</summary>
    public IReadOnlyDictionary<string, JsonElement>? Outputs { get; init; }

    /// <summary>Why the run failed, when it did.</summary>
    public string? Error { get; init; }

    /// <summary>Run time in seconds.</summary>
    public double? ElapsedTime { get; init; }

    /// <summary>Tokens consumed by all nodes.</summary>
    public long? TotalTokens { get; init; }

    /// <summary>Steps (nodes) executed.</summary>
    public int? TotalSteps { get; init; }

    /// <summary>When the run started.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>When the run finished (null while running or paused).</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Exceptions met during the run (streaming <c>workflow_finished</c> only).</summary>
    public int? ExceptionsCount { get; init; }

    /// <summary>Files produced by the run (streaming <c>workflow_finished</c> only).</summary>
    public IReadOnlyList<JsonElement>? Files { get; init; }

    /// <summary>Node ids waiting for input when the run is <c>paused</c>.</summary>
    public IReadOnlyList<string>? PausedNodes { get; init; }

    /// <summary>Why the run is paused (human input forms), when it is <c>paused</c>.</summary>
    public IReadOnlyList<DifyHumanInputForm>? Reasons { get; init; }
}
