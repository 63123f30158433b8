using System.Text.Json.Serialization;

namespace Dify.HA.Client;

/// <summary>A message to a chat, agent or chatflow app (<c>POST /chat-messages</c>).</summary>
public sealed record ChatMessageRequest
{
    /// <summary>The user's message. Required, non-blank.</summary>
    public required string Query { get; init; }

    /// <summary>Values of the app's input variables by name (strings, numbers, booleans, <see cref="DifyInputFile"/>,
    /// lists of these, or <see cref="System.Text.Json.JsonElement"/>). Default: none (sent as <c>{}</c>).</summary>
    public IReadOnlyDictionary<string, object?> Inputs { get; init; } = new Dictionary<string, object?>();

    /// <summary>The end user. Default: <see cref="DifyClientOptions.DefaultUser"/>; one of the two is required.</summary>
    public string? User { get; init; }

    /// <summary>The conversation to continue (a UUID); null starts a new conversation.</summary>
    public string? ConversationId { get; init; }

    /// <summary>Files to attach. Default: none.</summary>
    public IReadOnlyList<DifyInputFile>? Files { get; init; }

    /// <summary>Whether Dify names a new conversation by itself. Default (null): Dify's default, true.</summary>
    public bool? AutoGenerateName { get; init; }

    /// <summary>Chatflow apps only: a published workflow version to run. Default: the latest published one.</summary>
    public string? WorkflowId { get; init; }

    [JsonInclude]
    internal string? ResponseMode { get; init; }
}
