namespace Dify.HA.Testing.Knowledge;

/// <summary>A custom metadata field of a dataset (<c>string</c>, <c>number</c> or <c>time</c>).</summary>
internal sealed class StoredMetadataField
{
    public required Guid Id { get; init; }

    public required string Name { get; set; }

    public required string Type { get; init; }
}
