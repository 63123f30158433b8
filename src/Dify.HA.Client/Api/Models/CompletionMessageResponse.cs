namespace Dify.HA.Client;

/// <summary>The answer of a blocking completion call (<c>POST /completion-messages</c>, <c>response_mode=blocking</c>).</summary>
public sealed record CompletionMessageResponse
{
    /// <summary>Always <c>message</c>.</summary>
    public string? Event { get; init; }

    /// <summary>The task id (for stop).</summary>
    public string? TaskId { get; init; }

    /// <summary>The id of this response.</summary>
    public string? Id { get; init; }

    /// <summary>The message id: for feedback and text-to-audio.</summary>
    public string? MessageId { get; init; }

    /// <summary>Always <c>completion</c>.</summary>
    public string? Mode { get; init; }

    /// <summary>The complete answer.</summary>
    public string? Answer { get; init; }

    /// <summary>Token usage and cited knowledge.</summary>
    public DifyMessageMetadata? Metadata { get; init; }

    /// <summary>When the message was created.</summary>
    public DateTimeOffset? CreatedAt { get; init; }
}
