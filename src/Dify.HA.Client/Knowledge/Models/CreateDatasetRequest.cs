using System.Text.Json;

namespace Dify.HA.Client;

/// <summary>The body of <c>POST /datasets</c>. Only <see cref="Name"/> is required.</summary>
public sealed record CreateDatasetRequest
{
    /// <summary>The name, 1 to 40 characters (required).</summary>
    public string? Name { get; init; }

    /// <summary>A description (at most 400 characters).</summary>
    public string? Description { get; init; }

    /// <summary><c>high_quality</c> or <c>economy</c>; null lets the first document decide.</summary>
    public string? IndexingTechnique { get; init; }

    /// <summary><c>only_me</c> (Dify's default), <c>all_team_members</c> or <c>partial_members</c>.</summary>
    public string? Permission { get; init; }

    /// <summary><c>vendor</c> (default) or <c>external</c>.</summary>
    public string? Provider { get; init; }

    /// <summary>Embedding model name.</summary>
    public string? EmbeddingModel { get; init; }

    /// <summary>Embedding model provider.</summary>
    public string? EmbeddingModelProvider { get; init; }

    /// <summary>Default retrieval settings.</summary>
    public DifyRetrievalModel? RetrievalModel { get; init; }

    /// <summary>External knowledge API id (external datasets).</summary>
    public string? ExternalKnowledgeApiId { get; init; }

    /// <summary>External knowledge id (external datasets).</summary>
    public string? ExternalKnowledgeId { get; init; }

    /// <summary>Summary index settings, as Dify defines them.</summary>
    public JsonElement? SummaryIndexSetting { get; init; }
}
