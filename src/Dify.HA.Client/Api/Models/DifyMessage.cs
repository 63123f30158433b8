using System.Text.Json;

namespace Dify.HA.Client;

/// <summary>A message of a conversation's history (<c>GET /messages</c>): the user's query and the app's answer.</summary>
public sealed record DifyMessage
{
    /// <summary>The message's id.</summary>
    public string? Id { get; init; }

    /// <summary>The conversation's id.</summary>
    public string? ConversationId { get; init; }

    /// <summary>The parent message's id in threaded conversations.</summary>
    public string? ParentMessageId { get; init; }

    /// <summary>The input variables of the message.</summary>
    public IReadOnlyDictionary<string, JsonElement>? Inputs { get; init; }

    /// <summary>The user's query.</summary>
    public string? Query { get; init; }

    /// <summary>The app's answer.</summary>
    public string? Answer { get; init; }

    /// <summary><c>normal</c>, or <c>error</c> when the generation failed.</summary>
    public string? Status { get; init; }

    /// <summary>The error when <see cref="Status"/> is <c>error</c>.</summary>
    public string? Error { get; init; }

    /// <summary>Files attached to the message.</summary>
    public IReadOnlyList<DifyMessageAttachment>? MessageFiles { get; init; }

    /// <summary>The user's feedback, if any.</summary>
    public DifyMessageFeedback? Feedback { get; init; }

    /// <summary>Knowledge cited by the answer.</summary>
    public IReadOnlyList<DifyRetrieverResource>? RetrieverResources { get; init; }

    /// <summary>An agent's reasoning steps.</summary>
    public IReadOnlyList<DifyAgentThought>? AgentThoughts { get; init; }

    /// <summary>Extra content such as human-input forms, as Dify sends it.</summary>
    public IReadOnlyList<JsonElement>? ExtraContents { get; init; }

    /// <summary>Tokens of the query.</summary>
    public long? MessageTokens { get; init; }

    /// <summary>Tokens of the answer.</summary>
    public long? AnswerTokens { get; init; }

    /// <summary>All tokens.</summary>
    public long? TotalTokens { get; init; }

    /// <summary>The model provider's latency in seconds.</summary>
    public double? ProviderResponseLatency { get; init; }

    /// <summary>The price, when known.</summary>
    public decimal? TotalPrice { get; init; }

    /// <summary>The currency of <see cref="TotalPrice"/>.</summary>
    public string? Currency { get; init; }

    /// <summary>When the message was created.</summary>
    public DateTimeOffset? CreatedAt { get; init; }
}
