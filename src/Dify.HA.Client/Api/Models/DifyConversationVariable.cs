using System.Text.Json;

namespace Dify.HA.Client;

/// <summary>A variable of a chatflow conversation.</summary>
public sealed record DifyConversationVariable
{
    /// <summary>The variable's id.</summary>
    public string? Id { get; init; }

    /// <summary>The variable's name.</summary>
    public string? Name { get; init; }

    /// <summary><c>string</c>, <c>number</c>, <c>object</c>, <c>secret</c>, <c>file</c>, <c>boolean</c>, <c>array[…]</c>.</summary>
    public string? ValueType { get; init; }

    /// <summary>The value as sent (a string, or JSON for complex types).</summary>
    public JsonElement? Value { get; init; }

    /// <summary>The description.</summary>
    public string? Description { get; init; }

    /// <summary>When the variable was created.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>When the variable was last updated.</summary>
    public DateTimeOffset? UpdatedAt { get; init; }
}
