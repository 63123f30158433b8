namespace Dify.HA.Client;

/// <summary>
/// A chat, agent, chatflow or completion stream collected by
/// <see cref="DifyStreamExtensions.CollectAnswerAsync"/>: the final answer and what <c>message_end</c> reported.
/// </summary>
public sealed record DifyChatStreamResult
{
    /// <summary>The whole answer: <c>message</c>/<c>agent_message</c> deltas in order, reset by <c>message_replace</c>.</summary>
    public required string Answer { get; init; }

    /// <summary>The conversation id (null for completion apps).</summary>
    public string? ConversationId { get; init; }

    /// <summary>The message id.</summary>
    public string? MessageId { get; init; }

    /// <summary>The task id (for stop).</summary>
    public string? TaskId { get; init; }

    /// <summary>The workflow run id (chatflow apps).</summary>
    public string? WorkflowRunId { get; init; }

    /// <summary>Model usage from <c>message_end</c>.</summary>
    public DifyUsage? Usage { get; init; }

    /// <summary>Citations from <c>message_end</c> (empty when none).</summary>
    public IReadOnlyList<DifyRetrieverResource> RetrieverResources { get; init; } = [];

    /// <summary>Files: each <c>message_file</c> event, then the <c>files</c> of <c>message_end</c>.</summary>
    public IReadOnlyList<DifyMessageFile> Files { get; init; } = [];

    /// <summary>The agent's steps (<c>agent_thought</c> events), in order.</summary>
    public IReadOnlyList<AgentThoughtEvent> AgentThoughts { get; init; } = [];

    /// <summary>The separated reasoning (<c>reasoning_chunk</c> deltas joined), or null when there was none.</summary>
    public string? Reasoning { get; init; }

    /// <summary>Whether the answer was replaced by <c>message_replace</c> (e.g. moderation).</summary>
    public bool WasReplaced { get; init; }

    /// <summary>Whether <c>message_end</c> arrived (false when the sequence ended early without an exception).</summary>
    public bool Completed { get; init; }
}
