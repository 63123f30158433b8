namespace Dify.HA.Testing.Knowledge;

/// <summary>A child chunk of a parent segment (hierarchical documents, or added through the API).</summary>
internal sealed class StoredChildChunk
{
    public required Guid Id { get; init; }

    public required Guid SegmentId { get; init; }

    public required string Content { get; set; }

    public required int Position { get; init; }

    /// <summary><c>automatic</c> (from indexing) or <c>customized</c> (added or edited through the API).</summary>
    public required string Type { get; set; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }
}
