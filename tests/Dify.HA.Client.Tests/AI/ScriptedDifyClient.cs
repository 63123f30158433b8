namespace Dify.HA.Client.Tests.AI;

/// <summary>An <see cref="IDifyClient"/> whose chat stream plays scripted events (for the events the emulator never
/// sends: message_replace, reasoning_chunk, message_file) and records stop calls. Other areas are not used.</summary>
internal sealed class ScriptedDifyClient(Func<IAsyncEnumerable<DifyStreamEvent>> script) : IDifyClient, IDifyChatApi
{
    public List<(string TaskId, string? User)> Stops { get; } = [];

    public string Name => "scripted";
    public IDifyChatApi Chat => this;
    public IDifyCompletionApi Completion => throw new NotSupportedException();
    public IDifyWorkflowsApi Workflows => throw new NotSupportedException();
    public IDifyFilesApi Files => throw new NotSupportedException();
    public IDifyMessagesApi Messages => throw new NotSupportedException();
    public IDifyFeedbacksApi Feedbacks => throw new NotSupportedException();
    public IDifyConversationsApi Conversations => throw new NotSupportedException();
    public IDifyAudioApi Audio => throw new NotSupportedException();
    public IDifyAppApi App => throw new NotSupportedException();
    public IDifyEndUsersApi EndUsers => throw new NotSupportedException();
    public IDifyAnnotationsApi Annotations => throw new NotSupportedException();
    public IDifyHumanInputApi HumanInput => throw new NotSupportedException();

    public Task<ChatMessageResponse> SendAsync(ChatMessageRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public IAsyncEnumerable<DifyStreamEvent> StreamAsync(ChatMessageRequest request, CancellationToken cancellationToken = default) => script();

    public Task StopAsync(string taskId, string? user = null, CancellationToken cancellationToken = default)
    {
        lock (Stops) Stops.Add((taskId, user));
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> GetSuggestedQuestionsAsync(string messageId, string? user = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();
}
