namespace Dify.HA.Client;

/// <summary>A child chunk of a segment (hierarchical documents).</summary>
public sealed record DifyChildChunk
{
    /// <summary>The child chunk id.</summary>
    public string? Id { get; init; }

    /// <summary>The parent segment.</summary>
    public string? SegmentId { get; init; }

    /// <summary>The text.</summary>
    public string? Content { get; init; }

    /// <summary>Position in the segment.</summary>
    public int? Position { get; init; }

    /// <summary>Words.</summary>
    public int? WordCount { get; init; }

    /// <summary><c>automatic</c> or <c>customized</c>.</summary>
    public string? Type { get; init; }

    /// <summary>Created.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>Updated.</summary>
    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>Score (retrieve results only).</summary>
    public double? Score { get; init; }
}
