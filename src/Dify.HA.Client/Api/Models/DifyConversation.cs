using System.Text.Json;

namespace Dify.HA.Client;

/// <summary>A conversation of an end user with a chat app.</summary>
public sealed record DifyConversation
{
    /// <summary>The conversation's id.</summary>
    public string? Id { get; init; }

    /// <summary>The conversation's name.</summary>
    public string? Name { get; init; }

    /// <summary>The input variables the conversation started with.</summary>
    public IReadOnlyDictionary<string, JsonElement>? Inputs { get; init; }

    /// <summary>The status, <c>normal</c> for active conversations.</summary>
    public string? Status { get; init; }

    /// <summary>The introduction (opening statement).</summary>
    public string? Introduction { get; init; }

    /// <summary>When the conversation was created.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>When the conversation was last updated.</summary>
    public DateTimeOffset? UpdatedAt { get; init; }
}
