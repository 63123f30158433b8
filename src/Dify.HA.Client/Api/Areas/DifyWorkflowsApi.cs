using System.Globalization;
using Dify.HA.Client.Routing;

namespace Dify.HA.Client.Api;

internal sealed class DifyWorkflowsApi : IDifyWorkflowsApi
{
    private const int MaxLogPage = 99999;

    private readonly DifyApiCore _core;

    public DifyWorkflowsApi(DifyApiCore core) => _core = core;

    public Task<WorkflowRunResponse> RunAsync(WorkflowRunRequest request, CancellationToken cancellationToken = default)
        => _core.SendAsync(Build(request, null, streaming: false), DifyApiJsonContext.Default.WorkflowRunResponse, cancellationToken);

    public IAsyncEnumerable<DifyStreamEvent> StreamAsync(WorkflowRunRequest request, CancellationToken cancellationToken = default)
        => _core.StreamAsync(Build(request, null, streaming: true), cancellationToken);

    public Task<WorkflowRunResponse> RunByIdAsync(string workflowId, WorkflowRunRequest request, CancellationToken cancellationToken = default)
        => _core.SendAsync(Build(request, DifyArgument.Id(workflowId, nameof(workflowId), "published workflow version"), streaming: false), DifyApiJsonContext.Default.WorkflowRunResponse, cancellationToken);

    public IAsyncEnumerable<DifyStreamEvent> StreamByIdAsync(string workflowId, WorkflowRunRequest request, CancellationToken cancellationToken = default)
        => _core.StreamAsync(Build(request, DifyArgument.Id(workflowId, nameof(workflowId), "published workflow version"), streaming: true), cancellationToken);

    public Task<WorkflowRunDetail> GetRunAsync(string workflowRunId, CancellationToken cancellationToken = default)
    {
        var id = DifyArgument.Id(workflowRunId, nameof(workflowRunId), "workflow run");
        var request = _core.Request("getWorkflowRunDetail", HttpMethod.Get, $"workflows/run/{DifyPath.Segment(id)}", DifyOperationKind.Read) with { WorkflowRunId = id };
        return _core.SendAsync(request, DifyApiJsonContext.Default.WorkflowRunDetail, cancellationToken);
    }

    public Task StopAsync(string taskId, string? user = null, CancellationToken cancellationToken = default)
    {
        var id = DifyArgument.Id(taskId, nameof(taskId), "task (from the run's events)");
        var body = new UserBody(DifyArgument.User(user, _core.Options, nameof(user)));
        var request = _core.Request("stopWorkflowTaskGeneration", HttpMethod.Post, $"workflows/tasks/{DifyPath.Segment(id)}/stop", DifyOperationKind.Write) with
        {
            ContentFactory = DifyApiCore.Json(body, DifyApiJsonContext.Default.UserBody, nameof(user)),
            TaskId = id,
        };
        return _core.SendAsync(request, cancellationToken);
    }

    public Task<DifyNumberedPage<WorkflowLogEntry>> GetLogsAsync(WorkflowLogQuery? query = null, CancellationToken cancellationToken = default)
    {
        query ??= new WorkflowLogQuery();
        DifyArgument.Page(query.Page, "query.Page", MaxLogPage);
        DifyArgument.Limit(query.Limit, "query.Limit");
        if (query.Status is { } status && string.IsNullOrWhiteSpace(status))
            throw new ArgumentException("query.Status must not be blank: pass succeeded, failed or stopped, or null for any status.", "query.Status");
        var path = DifyPath.WithQuery("workflows/logs",
            ("keyword", query.Keyword),
            ("status", query.Status),
            ("page", DifyPath.Int(query.Page)),
            ("limit", DifyPath.Int(query.Limit)),
            ("created_at__before", Iso(query.CreatedBefore)),
            ("created_at__after", Iso(query.CreatedAfter)),
            ("created_by_end_user_session_id", query.CreatedByEndUserSessionId),
            ("created_by_account", query.CreatedByAccount));
        var request = _core.Request("getWorkflowLogs", HttpMethod.Get, path, DifyOperationKind.Read);
        return _core.SendAsync(request, DifyApiJsonContext.Default.DifyNumberedPageWorkflowLogEntry, cancellationToken);
    }

    public IAsyncEnumerable<DifyStreamEvent> ResumeStreamAsync(string workflowRunId, string? user = null, bool includeStateSnapshot = false, bool continueOnPause = false, CancellationToken cancellationToken = default)
    {
        var id = DifyArgument.Id(workflowRunId, nameof(workflowRunId), "workflow run");
        var u = DifyArgument.User(user, _core.Options, nameof(user));
        var path = DifyPath.WithQuery($"workflow/{DifyPath.Segment(id)}/events",
            ("user", u),
            ("include_state_snapshot", DifyPath.Bool(includeStateSnapshot)),
            ("continue_on_pause", DifyPath.Bool(continueOnPause)));
        var request = _core.Request("streamWorkflowEvents", HttpMethod.Get, path, DifyOperationKind.Read) with
        {
            Streaming = true,
            WorkflowRunId = id,
        };
        return _core.StreamAsync(request, cancellationToken);
    }

    private DifyRequest Build(WorkflowRunRequest request, string? workflowId, bool streaming)
    {
        ArgumentNullException.ThrowIfNull(request);
        DifyFilesValidation.CheckInputs(request.Inputs, "request.Inputs");
        DifyFilesValidation.Check(request.Files, "request.Files");
        var body = request with
        {
            User = DifyArgument.User(request.User, _core.Options, "request.User"),
            ResponseMode = streaming ? "streaming" : "blocking",
        };
        var (operation, path) = workflowId is null
            ? ("executeWorkflow", "workflows/run")
            : ("runWorkflowById", $"workflows/{DifyPath.Segment(workflowId)}/run");
        return _core.Request(operation, HttpMethod.Post, path, DifyOperationKind.Generation) with
        {
            ContentFactory = DifyApiCore.Json(body, DifyApiJsonContext.Default.WorkflowRunRequest, nameof(request)),
            Streaming = streaming,
            User = body.User,
        };
    }

    private static string? Iso(DateTimeOffset? value)
        => value?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
