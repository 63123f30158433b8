using System.Text.Json;

namespace Dify.HA.Client;

/// <summary>A metadata value on a document.</summary>
public sealed record DifyDocumentMetadata
{
    /// <summary>The field id.</summary>
    public string? Id { get; init; }

    /// <summary>The field name.</summary>
    public string? Name { get; init; }

    /// <summary>The field type.</summary>
    public string? Type { get; init; }

    /// <summary>The value, as sent.</summary>
    public JsonElement? Value { get; init; }
}
