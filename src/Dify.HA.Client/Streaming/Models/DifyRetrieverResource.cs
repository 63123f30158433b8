namespace Dify.HA.Client;

/// <summary>A citation (knowledge-base chunk) used for an answer: <c>metadata.retriever_resources[]</c>.</summary>
public sealed record DifyRetrieverResource
{
    /// <summary>Id of the retriever resource.</summary>
    public string? Id { get; init; }

    /// <summary>Id of the message this resource belongs to.</summary>
    public string? MessageId { get; init; }

    /// <summary>Position of the resource in the list (1-based).</summary>
    public int? Position { get; init; }

    /// <summary>Id of the knowledge base.</summary>
    public string? DatasetId { get; init; }

    /// <summary>Name of the knowledge base.</summary>
    public string? DatasetName { get; init; }

    /// <summary>Id of the document.</summary>
    public string? DocumentId { get; init; }

    /// <summary>Name of the document.</summary>
    public string? DocumentName { get; init; }

    /// <summary>Type of the data source.</summary>
    public string? DataSourceType { get; init; }

    /// <summary>Id of the chunk inside the document.</summary>
    public string? SegmentId { get; init; }

    /// <summary>Similarity score.</summary>
    public double? Score { get; init; }

    /// <summary>How many times the chunk was hit.</summary>
    public int? HitCount { get; init; }

    /// <summary>Word count of the chunk.</summary>
    public int? WordCount { get; init; }

    /// <summary>Position of the chunk inside the document.</summary>
    public int? SegmentPosition { get; init; }

    /// <summary>Hash of the index node.</summary>
    public string? IndexNodeHash { get; init; }

    /// <summary>Content of the chunk.</summary>
    public string? Content { get; init; }

    /// <summary>Summary of the chunk, when Dify produced one.</summary>
    public string? Summary { get; init; }

    /// <summary>When the resource was created.</summary>
    public DateTimeOffset? CreatedAt { get; init; }
}
