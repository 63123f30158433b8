namespace Dify.HA.Client;

/// <summary>Chat messages of chat, agent and chatflow apps.</summary>
public interface IDifyChatApi
{
    /// <summary>Sends a message and waits for the whole answer (<c>sendChatMessage</c>, blocking). Agent apps only stream:
    /// use <see cref="StreamAsync"/> for them.</summary>
    /// <param name="request">The message; <see cref="ChatMessageRequest.Query"/> must be non-blank.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The answer with its ids and usage.</returns>
    Task<ChatMessageResponse> SendAsync(ChatMessageRequest request, CancellationToken cancellationToken = default);

    /// <summary>Sends a message and streams the answer's events as they come (<c>sendChatMessage</c>, streaming).
    /// Arguments are checked at once; the request is sent when enumeration starts.</summary>
    /// <param name="request">The message; <see cref="ChatMessageRequest.Query"/> must be non-blank.</param>
    /// <param name="cancellationToken">Cancels the stream.</param>
    /// <returns>The events, ending with <see cref="MessageEndEvent"/> (chatflows also send <see cref="WorkflowFinishedEvent"/>).</returns>
    IAsyncEnumerable<DifyStreamEvent> StreamAsync(ChatMessageRequest request, CancellationToken cancellationToken = default);

    /// <summary>Stops a streaming generation (<c>stopChatMessageGeneration</c>).</summary>
    /// <param name="taskId">The <see cref="DifyStreamEvent.TaskId"/> of the stream.</param>
    /// <param name="user">The user who sent the message. Default: <see cref="DifyClientOptions.DefaultUser"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when Dify accepted the stop.</returns>
    Task StopAsync(string taskId, string? user = null, CancellationToken cancellationToken = default);

    /// <summary>Gets suggested next questions for a message (<c>getSuggestedQuestions</c>).</summary>
    /// <param name="messageId">The message's id.</param>
    /// <param name="user">The user. Default: <see cref="DifyClientOptions.DefaultUser"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The questions.</returns>
    Task<IReadOnlyList<string>> GetSuggestedQuestionsAsync(string messageId, string? user = null, CancellationToken cancellationToken = default);
}
