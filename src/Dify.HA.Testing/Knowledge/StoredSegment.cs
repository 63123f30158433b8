namespace Dify.HA.Testing.Knowledge;

/// <summary>A chunk (segment) of a document: what retrieval scores.</summary>
internal sealed class StoredSegment
{
    public required Guid Id { get; init; }

    public required Guid DatasetId { get; init; }

    public required Guid DocumentId { get; init; }

    public required int Position { get; init; }

    public required string Content { get; set; }

    public string? Answer { get; set; }

    public List<string> Keywords { get; set; } = [];

    public bool Enabled { get; set; } = true;

    public DateTimeOffset? DisabledAt { get; set; }

    public int HitCount { get; set; }

    public string? Summary { get; set; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    public List<StoredChildChunk> ChildChunks { get; } = [];

    public int NextChildPosition { get; set; } = 1;
}
