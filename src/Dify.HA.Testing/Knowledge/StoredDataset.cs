using System.Text.Json.Nodes;

namespace Dify.HA.Testing.Knowledge;

/// <summary>A knowledge base (dataset) of a region's workspace. Mutable fields are guarded by <see cref="KnowledgeStore.Gate"/>.</summary>
internal sealed class StoredDataset
{
    public required Guid Id { get; init; }

    public required string Name { get; set; }

    public string? Description { get; set; }

    /// <summary><c>high_quality</c>, <c>economy</c> or null until the first document sets it.</summary>
    public string? IndexingTechnique { get; set; }

    public string Permission { get; set; } = "only_me";

    public string Provider { get; set; } = "vendor";

    public string? EmbeddingModel { get; set; }

    public string? EmbeddingModelProvider { get; set; }

    /// <summary>The retrieval settings as sent (null: Dify's defaults).</summary>
    public JsonObject? RetrievalModel { get; set; }

    /// <summary>Set by the first document (<c>text_model</c>, <c>hierarchical_model</c>, <c>qa_model</c>).</summary>
    public string? DocForm { get; set; }

    public bool BuiltInFieldEnabled { get; set; }

    public List<StoredMetadataField> MetadataFields { get; } = [];

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    public int NextDocumentPosition { get; set; } = 1;
}
