using Dify.HA.Client.Routing;

namespace Dify.HA.Client.Api;

internal sealed class DifyChatApi : IDifyChatApi
{
    private readonly DifyApiCore _core;

    public DifyChatApi(DifyApiCore core) => _core = core;

    public Task<ChatMessageResponse> SendAsync(ChatMessageRequest request, CancellationToken cancellationToken = default)
        => _core.SendAsync(Build(request, streaming: false), DifyApiJsonContext.Default.ChatMessageResponse, cancellationToken);

    public IAsyncEnumerable<DifyStreamEvent> StreamAsync(ChatMessageRequest request, CancellationToken cancellationToken = default)
        => _core.StreamAsync(Build(request, streaming: true), cancellationToken);

    public Task StopAsync(string taskId, string? user = null, CancellationToken cancellationToken = default)
    {
        var id = DifyArgument.Id(taskId, nameof(taskId), "task (from the stream's events)");
        var body = new UserBody(DifyArgument.User(user, _core.Options, nameof(user)));
        var request = _core.Request("stopChatMessageGeneration", HttpMethod.Post, $"chat-messages/{DifyPath.Segment(id)}/stop", DifyOperationKind.Write) with
        {
            ContentFactory = DifyApiCore.Json(body, DifyApiJsonContext.Default.UserBody, nameof(user)),
            TaskId = id,
        };
        return _core.SendAsync(request, cancellationToken);
    }

    public async Task<IReadOnlyList<string>> GetSuggestedQuestionsAsync(string messageId, string? user = null, CancellationToken cancellationToken = default)
    {
        var id = DifyArgument.Id(messageId, nameof(messageId), "message");
        var u = DifyArgument.User(user, _core.Options, nameof(user));
        var request = _core.Request("getSuggestedQuestions", HttpMethod.Get, DifyPath.WithQuery($"messages/{DifyPath.Segment(id)}/suggested", ("user", u)), DifyOperationKind.Read);
        var result = await _core.SendAsync(request, DifyApiJsonContext.Default.SuggestedQuestionsResult, cancellationToken).ConfigureAwait(false);
        return result.Data ?? [];
    }

    private DifyRequest Build(ChatMessageRequest request, bool streaming)
    {
        ArgumentNullException.ThrowIfNull(request);
        DifyArgument.NotBlank(request.Query, "request.Query", "pass the user's message as Query.");
        DifyFilesValidation.CheckInputs(request.Inputs, "request.Inputs");
        DifyFilesValidation.Check(request.Files, "request.Files");
        var conversationId = string.IsNullOrEmpty(request.ConversationId) ? null : DifyArgument.Id(request.ConversationId, "request.ConversationId", "conversation");
        if (request.WorkflowId is not null) DifyArgument.Id(request.WorkflowId, "request.WorkflowId", "published workflow version");
        var body = request with
        {
            User = DifyArgument.User(request.User, _core.Options, "request.User"),
            ConversationId = conversationId,
            ResponseMode = streaming ? "streaming" : "blocking",
        };
        return _core.Request("sendChatMessage", HttpMethod.Post, "chat-messages", DifyOperationKind.Generation) with
        {
            ContentFactory = DifyApiCore.Json(body, DifyApiJsonContext.Default.ChatMessageRequest, nameof(request)),
            Streaming = streaming,
            User = body.User,
            ConversationId = conversationId,
        };
    }
}
