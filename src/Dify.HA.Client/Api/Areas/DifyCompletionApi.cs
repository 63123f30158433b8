using Dify.HA.Client.Routing;

namespace Dify.HA.Client.Api;

internal sealed class DifyCompletionApi : IDifyCompletionApi
{
    private readonly DifyApiCore _core;

    public DifyCompletionApi(DifyApiCore core) => _core = core;

    public Task<CompletionMessageResponse> SendAsync(CompletionMessageRequest request, CancellationToken cancellationToken = default)
        => _core.SendAsync(Build(request, streaming: false), DifyApiJsonContext.Default.CompletionMessageResponse, cancellationToken);

    public IAsyncEnumerable<DifyStreamEvent> StreamAsync(CompletionMessageRequest request, CancellationToken cancellationToken = default)
        => _core.StreamAsync(Build(request, streaming: true), cancellationToken);

    public Task StopAsync(string taskId, string? user = null, CancellationToken cancellationToken = default)
    {
        var id = DifyArgument.Id(taskId, nameof(taskId), "task (from the stream's events)");
        var body = new UserBody(DifyArgument.User(user, _core.Options, nameof(user)));
        var request = _core.Request("stopGenerate", HttpMethod.Post, $"completion-messages/{DifyPath.Segment(id)}/stop", DifyOperationKind.Write) with
        {
            ContentFactory = DifyApiCore.Json(body, DifyApiJsonContext.Default.UserBody, nameof(user)),
            TaskId = id,
        };
        return _core.SendAsync(request, cancellationToken);
    }

    private DifyRequest Build(CompletionMessageRequest request, bool streaming)
    {
        ArgumentNullException.ThrowIfNull(request);
        DifyFilesValidation.CheckInputs(request.Inputs, "request.Inputs");
        DifyFilesValidation.Check(request.Files, "request.Files");
        if (request.Inputs.Count == 0 && string.IsNullOrWhiteSpace(request.Query))
            throw new ArgumentException("request.Inputs is empty and request.Query is blank: a completion app needs its text, in Inputs (e.g. Inputs = { [\"query\"] = \"…\" }) or, for older apps, in Query.", "request.Inputs");
        var body = request with
        {
            User = DifyArgument.User(request.User, _core.Options, "request.User"),
            ResponseMode = streaming ? "streaming" : "blocking",
        };
        return _core.Request("createCompletionMessage", HttpMethod.Post, "completion-messages", DifyOperationKind.Generation) with
        {
            ContentFactory = DifyApiCore.Json(body, DifyApiJsonContext.Default.CompletionMessageRequest, nameof(request)),
            Streaming = streaming,
            User = body.User,
        };
    }
}
