using System.Text.Json;

namespace Dify.HA.Client;

/// <summary>A knowledge base (dataset) as Dify describes it.</summary>
public sealed record DifyDataset
{
    /// <summary>The dataset id (a UUID).</summary>
    public string? Id { get; init; }

    /// <summary>The name.</summary>
    public string? Name { get; init; }

    /// <summary>The description.</summary>
    public string? Description { get; init; }

    /// <summary><c>vendor</c> (Dify-managed) or <c>external</c>.</summary>
    public string? Provider { get; init; }

    /// <summary><c>only_me</c>, <c>all_team_members</c> or <c>partial_members</c>.</summary>
    public string? Permission { get; init; }

    /// <summary>Where documents come from (e.g. <c>upload_file</c>).</summary>
    public string? DataSourceType { get; init; }

    /// <summary><c>high_quality</c> or <c>economy</c>.</summary>
    public string? IndexingTechnique { get; init; }

    /// <summary>Apps using the dataset.</summary>
    public int? AppCount { get; init; }

    /// <summary>Documents in the dataset.</summary>
    public int? DocumentCount { get; init; }

    /// <summary>Words in all documents.</summary>
    public int? WordCount { get; init; }

    /// <summary>Creator id.</summary>
    public string? CreatedBy { get; init; }

    /// <summary>Creator name.</summary>
    public string? AuthorName { get; init; }

    /// <summary>When it was created.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>Last editor id.</summary>
    public string? UpdatedBy { get; init; }

    /// <summary>When it was last changed.</summary>
    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>Embedding model name.</summary>
    public string? EmbeddingModel { get; init; }

    /// <summary>Embedding model provider.</summary>
    public string? EmbeddingModelProvider { get; init; }

    /// <summary>Whether the embedding model is usable.</summary>
    public bool? EmbeddingAvailable { get; init; }

    /// <summary>The default retrieval settings.</summary>
    public DifyRetrievalModel? RetrievalModelDict { get; init; }

    /// <summary>Summary index settings, as sent.</summary>
    public JsonElement? SummaryIndexSetting { get; init; }

    /// <summary>Tags bound to the dataset.</summary>
    public IReadOnlyList<DifyKnowledgeTag>? Tags { get; init; }

    /// <summary>Chunk structure: <c>text_model</c>, <c>hierarchical_model</c> or <c>qa_model</c>.</summary>
    public string? DocForm { get; init; }

    /// <summary>External knowledge binding, as sent (external datasets only).</summary>
    public JsonElement? ExternalKnowledgeInfo { get; init; }

    /// <summary>External retrieval settings, as sent.</summary>
    public JsonElement? ExternalRetrievalModel { get; init; }

    /// <summary>Metadata fields defined on the dataset.</summary>
    public IReadOnlyList<DifyMetadataField>? DocMetadata { get; init; }

    /// <summary>Whether built-in metadata fields are on.</summary>
    public bool? BuiltInFieldEnabled { get; init; }

    /// <summary>The RAG pipeline id, for pipeline datasets.</summary>
    public string? PipelineId { get; init; }

    /// <summary><c>general</c> or <c>rag_pipeline</c>.</summary>
    public string? RuntimeMode { get; init; }
}
