using System.Text.Json;

namespace Dify.HA.Client;

/// <summary>The document a retrieved chunk belongs to.</summary>
public sealed record DifyRetrievedDocument
{
    /// <summary>The document id.</summary>
    public string? Id { get; init; }

    /// <summary>Its source type.</summary>
    public string? DataSourceType { get; init; }

    /// <summary>Its name.</summary>
    public string? Name { get; init; }

    /// <summary>Its type.</summary>
    public string? DocType { get; init; }

    /// <summary>Its metadata, as sent.</summary>
    public JsonElement? DocMetadata { get; init; }
}
