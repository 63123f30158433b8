namespace Dify.HA.Client;

/// <summary>New metadata values of one document (<c>Metadata.UpdateDocumentsAsync</c>).</summary>
public sealed record DocumentMetadataUpdate
{
    /// <summary>The document id.</summary>
    public string? DocumentId { get; init; }

    /// <summary>The values.</summary>
    public IReadOnlyList<DocumentMetadataValue> MetadataList { get; init; } = [];

    /// <summary>Keep values not listed (true) or replace all (false, Dify's default).</summary>
    public bool PartialUpdate { get; init; }
}
