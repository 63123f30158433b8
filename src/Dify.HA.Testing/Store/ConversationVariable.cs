using System.Text.Json.Nodes;

namespace Dify.HA.Testing.Store;

/// <summary>A chatflow conversation variable.</summary>
internal sealed class ConversationVariable
{
    public required Guid Id { get; init; }

    public required string Name { get; init; }

    public required string ValueType { get; init; }

    public required string Description { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public JsonNode? Value { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
