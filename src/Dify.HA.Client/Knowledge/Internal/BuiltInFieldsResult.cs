namespace Dify.HA.Client.Knowledge.Internal;

/// <summary>The answer of <c>getBuiltInMetadataFields</c>.</summary>
internal sealed record BuiltInFieldsResult
{
    public IReadOnlyList<DifyMetadataField> Fields { get; init; } = [];
}
