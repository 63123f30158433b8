using System.Text.Json;

namespace Dify.HA.Client;

/// <summary>A chunk (segment) of a document.</summary>
public sealed record DifySegment
{
    /// <summary>The segment id.</summary>
    public string? Id { get; init; }

    /// <summary>Position in the document.</summary>
    public int? Position { get; init; }

    /// <summary>The document id.</summary>
    public string? DocumentId { get; init; }

    /// <summary>The text.</summary>
    public string? Content { get; init; }

    /// <summary>Signed content.</summary>
    public string? SignContent { get; init; }

    /// <summary>The answer (Q&amp;A documents).</summary>
    public string? Answer { get; init; }

    /// <summary>Words.</summary>
    public int? WordCount { get; init; }

    /// <summary>Tokens.</summary>
    public int? Tokens { get; init; }

    /// <summary>Keywords.</summary>
    public IReadOnlyList<string>? Keywords { get; init; }

    /// <summary>Vector index node id.</summary>
    public string? IndexNodeId { get; init; }

    /// <summary>Content hash.</summary>
    public string? IndexNodeHash { get; init; }

    /// <summary>Retrieval hits.</summary>
    public int? HitCount { get; init; }

    /// <summary>Whether it is used in retrieval.</summary>
    public bool? Enabled { get; init; }

    /// <summary>When disabled.</summary>
    public DateTimeOffset? DisabledAt { get; init; }

    /// <summary>Who disabled it.</summary>
    public string? DisabledBy { get; init; }

    /// <summary><c>waiting</c>, <c>indexing</c>, <c>completed</c>, <c>error</c>.</summary>
    public string? Status { get; init; }

    /// <summary>Creator id.</summary>
    public string? CreatedBy { get; init; }

    /// <summary>Created.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>Updated.</summary>
    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>Last editor.</summary>
    public string? UpdatedBy { get; init; }

    /// <summary>Indexing started.</summary>
    public DateTimeOffset? IndexingAt { get; init; }

    /// <summary>Indexing completed.</summary>
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>The error, if any.</summary>
    public string? Error { get; init; }

    /// <summary>When stopped.</summary>
    public DateTimeOffset? StoppedAt { get; init; }

    /// <summary>Child chunks (hierarchical documents).</summary>
    public IReadOnlyList<DifyChildChunk>? ChildChunks { get; init; }

    /// <summary>Attached files, as sent.</summary>
    public JsonElement? Attachments { get; init; }

    /// <summary>The document the chunk belongs to (retrieve results only).</summary>
    public DifyRetrievedDocument? Document { get; init; }
}
