namespace Dify.HA.Client.Knowledge.Internal;

/// <summary>The body of <c>createMetadataField</c>.</summary>
internal sealed record MetadataCreateBody(string Type, string Name);
