namespace Dify.HA.Client;

/// <summary>Workflow runs of workflow apps.</summary>
public interface IDifyWorkflowsApi
{
    /// <summary>Runs the published workflow and waits for its end (<c>executeWorkflow</c>, blocking). A failed run still
    /// returns: check <see cref="DifyWorkflowRunData.Status"/>.</summary>
    /// <param name="request">The run's inputs and user.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run's result.</returns>
    Task<WorkflowRunResponse> RunAsync(WorkflowRunRequest request, CancellationToken cancellationToken = default);

    /// <summary>Runs the published workflow and streams its events (<c>executeWorkflow</c>, streaming).</summary>
    /// <param name="request">The run's inputs and user.</param>
    /// <param name="cancellationToken">Cancels the stream.</param>
    /// <returns>The events, ending with <see cref="WorkflowFinishedEvent"/> or <see cref="WorkflowPausedEvent"/>.</returns>
    IAsyncEnumerable<DifyStreamEvent> StreamAsync(WorkflowRunRequest request, CancellationToken cancellationToken = default);

    /// <summary>Runs a given published version of the workflow and waits (<c>runWorkflowById</c>, blocking).</summary>
    /// <param name="workflowId">The version's workflow id.</param>
    /// <param name="request">The run's inputs and user.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run's result.</returns>
    Task<WorkflowRunResponse> RunByIdAsync(string workflowId, WorkflowRunRequest request, CancellationToken cancellationToken = default);

    /// <summary>Runs a given published version of the workflow and streams (<c>runWorkflowById</c>, streaming).</summary>
    /// <param name="workflowId">The version's workflow id.</param>
    /// <param name="request">The run's inputs and user.</param>
    /// <param name="cancellationToken">Cancels the stream.</param>
    /// <returns>The events.</returns>
    IAsyncEnumerable<DifyStreamEvent> StreamByIdAsync(string workflowId, WorkflowRunRequest request, CancellationToken cancellationToken = default);

    /// <summary>Reads a run's stored state (<c>getWorkflowRunDetail</c>).</summary>
    /// <param name="workflowRunId">The run's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run.</returns>
    Task<WorkflowRunDetail> GetRunAsync(string workflowRunId, CancellationToken cancellationToken = default);

    /// <summary>Stops a running workflow (<c>stopWorkflowTaskGeneration</c>).</summary>
    /// <param name="taskId">The run's task id.</param>
    /// <param name="user">The user. Default: <see cref="DifyClientOptions.DefaultUser"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when Dify accepted the stop.</returns>
    Task StopAsync(string taskId, string? user = null, CancellationToken cancellationToken = default);

    /// <summary>Lists workflow logs, newest first (<c>getWorkflowLogs</c>).</summary>
    /// <param name="query">Filters and paging. Default: page 1 of 20, no filter.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One page of log entries.</returns>
    Task<DifyNumberedPage<WorkflowLogEntry>> GetLogsAsync(WorkflowLogQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>Re-attaches to a running or paused run's event stream (<c>streamWorkflowEvents</c>, <c>GET /workflow/{id}/events</c>).
    /// Must reach the deployment that runs it.</summary>
    /// <param name="workflowRunId">The run's id.</param>
    /// <param name="user">The user who started the run. Default: <see cref="DifyClientOptions.DefaultUser"/>.</param>
    /// <param name="includeStateSnapshot">Replay a summary of what already ran first. Default false.</param>
    /// <param name="continueOnPause">Keep the stream open across pauses. Default false.</param>
    /// <param name="cancellationToken">Cancels the stream.</param>
    /// <returns>The events.</returns>
    IAsyncEnumerable<DifyStreamEvent> ResumeStreamAsync(string workflowRunId, string? user = null, bool includeStateSnapshot = false, bool continueOnPause = false, CancellationToken cancellationToken = default);
}
