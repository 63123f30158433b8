namespace Dify.HA.Client;

/// <summary>The result of a blocking workflow run. A run that fails still answers 200: check <see cref="DifyWorkflowRunData.Status"/>.</summary>
public sealed record WorkflowRunResponse
{
    /// <summary>The task id (for stop while it runs).</summary>
    public string? TaskId { get; init; }

    /// <summary>The run's id: for <c>Workflows.GetRunAsync</c> and <c>Workflows.ResumeStreamAsync</c>.</summary>
    public string? WorkflowRunId { get; init; }

    /// <summary>The run's final (or paused) state and outputs.</summary>
    public DifyWorkflowRunData? Data { get; init; }
}
