using System.Text.Json;

namespace Dify.HA.Client;

/// <summary>One chunk found by a retrieve.</summary>
public sealed record DifyRetrieveRecord
{
    /// <summary>The chunk, with its document.</summary>
    public DifySegment? Segment { get; init; }

    /// <summary>Matching child chunks.</summary>
    public IReadOnlyList<DifyChildChunk>? ChildChunks { get; init; }

    /// <summary>The relevance score.</summary>
    public double? Score { get; init; }

    /// <summary>t-SNE position, as sent.</summary>
    public JsonElement? TsnePosition { get; init; }

    /// <summary>Attached files, as sent.</summary>
    public JsonElement? Files { get; init; }
}
