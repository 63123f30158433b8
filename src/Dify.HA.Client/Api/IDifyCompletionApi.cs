namespace Dify.HA.Client;

/// <summary>Completion messages of completion (text generator) apps.</summary>
public interface IDifyCompletionApi
{
    /// <summary>Generates and waits for the whole text (<c>createCompletionMessage</c>, blocking).</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The answer with its ids and usage.</returns>
    Task<CompletionMessageResponse> SendAsync(CompletionMessageRequest request, CancellationToken cancellationToken = default);

    /// <summary>Generates and streams the text's events (<c>createCompletionMessage</c>, streaming).</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the stream.</param>
    /// <returns>The events, ending with <see cref="MessageEndEvent"/>.</returns>
    IAsyncEnumerable<DifyStreamEvent> StreamAsync(CompletionMessageRequest request, CancellationToken cancellationToken = default);

    /// <summary>Stops a streaming generation (<c>stopGenerate</c>).</summary>
    /// <param name="taskId">The stream's task id.</param>
    /// <param name="user">The user who started it. Default: <see cref="DifyClientOptions.DefaultUser"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when Dify accepted the stop.</returns>
    Task StopAsync(string taskId, string? user = null, CancellationToken cancellationToken = default);
}
