using System.Text.Json;

namespace Dify.HA.Client;

/// <summary>
/// A workflow (or chatflow) stream collected by <see cref="DifyStreamExtensions.CollectWorkflowAsync"/>: the final
/// state from <c>workflow_finished</c>, or the pause from <c>workflow_paused</c>.
/// </summary>
public sealed record DifyWorkflowStreamResult
{
    /// <summary>The workflow run id (for <c>GET /workflows/run/{id}</c> and re-attaching).</summary>
    public string? WorkflowRunId { get; init; }

    /// <summary>The task id (for stop).</summary>
    public string? TaskId { get; init; }

    /// <summary><c>succeeded</c>, <c>failed</c>, <c>partial-succeeded</c>, <c>stopped</c> or <c>paused</c>; null without a terminal event.</summary>
    public string? Status { get; init; }

    /// <summary>The outputs of the run (partial outputs when paused).</summary>
    public IReadOnlyDictionary<string, JsonElement>? Outputs { get; init; }

    /// <summary>Why the run failed, when it did (a failed run is still a 200 stream: check <see cref="Status"/>).</summary>
    public string? Error { get; init; }

    /// <summary>Tokens consumed by the run.</summary>
    public long? TotalTokens { get; init; }

    /// <summary>Steps executed.</summary>
    public int? TotalSteps { get; init; }

    /// <summary>Run time in seconds.</summary>
    public double? ElapsedTime { get; init; }

    /// <summary>The streamed text: <c>text_chunk</c> deltas in order, reset by <c>text_replace</c>.</summary>
    public string Text { get; init; } = string.Empty;

    /// <summary>The final run state from <c>workflow_finished</c>, if it arrived.</summary>
    public DifyWorkflowRunData? Run { get; init; }

    /// <summary>Whether the run paused for human input (<c>workflow_paused</c>).</summary>
    public bool Paused { get; init; }

    /// <summary>The pause, when <see cref="Paused"/>: the forms to submit before re-attaching.</summary>
    public DifyWorkflowPausedData? Pause { get; init; }

    /// <summary>Whether a terminal event (<c>workflow_finished</c> or <c>workflow_paused</c>) arrived.</summary>
    public bool Completed { get; init; }
}
