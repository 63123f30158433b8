namespace Dify.HA.Client.Knowledge.Internal;

/// <summary>The body of <c>batchUpdateDocumentMetadata</c>.</summary>
internal sealed record DocumentMetadataBody(IReadOnlyList<DocumentMetadataUpdate> OperationData);
