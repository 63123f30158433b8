namespace Dify.HA.Client;

/// <summary>The metadata fields of a dataset.</summary>
public sealed record DifyMetadataFieldList
{
    /// <summary>The fields.</summary>
    public IReadOnlyList<DifyMetadataField> DocMetadata { get; init; } = [];

    /// <summary>Whether the built-in fields are on.</summary>
    public bool BuiltInFieldEnabled { get; init; }
}
