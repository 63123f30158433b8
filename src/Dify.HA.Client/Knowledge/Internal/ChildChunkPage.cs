namespace Dify.HA.Client.Knowledge.Internal;

/// <summary>A page of <c>getChildChunks</c>: paged by <c>total_pages</c>, without <c>has_more</c>.</summary>
internal sealed record ChildChunkPage
{
    public IReadOnlyList<DifyChildChunk> Data { get; init; } = [];

    public int? Total { get; init; }

    public int? TotalPages { get; init; }

    public int? Page { get; init; }

    public int? Limit { get; init; }
}
