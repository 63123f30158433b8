using System.Text.Json;

namespace Dify.HA.Client;

/// <summary>The body of <c>PATCH /datasets/{dataset_id}</c>: null members are left unchanged.</summary>
public sealed record UpdateDatasetRequest
{
    /// <summary>A new name, 1 to 40 characters.</summary>
    public string? Name { get; init; }

    /// <summary>A new description.</summary>
    public string? Description { get; init; }

    /// <summary><c>high_quality</c> or <c>economy</c>.</summary>
    public string? IndexingTechnique { get; init; }

    /// <summary><c>only_me</c>, <c>all_team_members</c> or <c>partial_members</c>.</summary>
    public string? Permission { get; init; }

    /// <summary>Embedding model name.</summary>
    public string? EmbeddingModel { get; init; }

    /// <summary>Embedding model provider.</summary>
    public string? EmbeddingModelProvider { get; init; }

    /// <summary>Retrieval settings.</summary>
    public DifyRetrievalModel? RetrievalModel { get; init; }

    /// <summary>Members who may use it (with <c>partial_members</c>).</summary>
    public IReadOnlyList<DifyPartialMember>? PartialMemberList { get; init; }

    /// <summary>External retrieval settings.</summary>
    public JsonElement? ExternalRetrievalModel { get; init; }

    /// <summary>External knowledge id.</summary>
    public string? ExternalKnowledgeId { get; init; }

    /// <summary>External knowledge API id.</summary>
    public string? ExternalKnowledgeApiId { get; init; }
}
