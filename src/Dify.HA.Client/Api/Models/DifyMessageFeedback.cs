namespace Dify.HA.Client;

/// <summary>The feedback on a message of the history.</summary>
public sealed record DifyMessageFeedback
{
    /// <summary><c>like</c> or <c>dislike</c>.</summary>
    public string? Rating { get; init; }
}
