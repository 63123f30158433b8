using System.Text.Json;

namespace Dify.HA.Client;

/// <summary>Retrieval settings of a dataset or of one retrieve call.</summary>
public sealed record DifyRetrievalModel
{
    /// <summary><c>keyword_search</c>, <c>semantic_search</c>, <c>full_text_search</c> or <c>hybrid_search</c>.</summary>
    public string? SearchMethod { get; init; }

    /// <summary>Whether results are reranked.</summary>
    public bool RerankingEnable { get; init; }

    /// <summary>The rerank model, when reranking is on.</summary>
    public DifyRerankingModel? RerankingModel { get; init; }

    /// <summary><c>reranking_model</c> or <c>weighted_score</c> (hybrid search).</summary>
    public string? RerankingMode { get; init; }

    /// <summary>How many chunks to return.</summary>
    public int TopK { get; init; }

    /// <summary>Whether <see cref="ScoreThreshold"/> filters results.</summary>
    public bool ScoreThresholdEnabled { get; init; }

    /// <summary>Lowest score kept (0..1).</summary>
    public double? ScoreThreshold { get; init; }

    /// <summary>Hybrid-search weights, as Dify defines them.</summary>
    public JsonElement? Weights { get; init; }

    /// <summary>Metadata filter (<c>logical_operator</c>, <c>conditions</c>), as Dify defines it.</summary>
    public JsonElement? MetadataFilteringConditions { get; init; }
}
