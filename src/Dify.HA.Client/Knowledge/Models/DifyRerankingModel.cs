namespace Dify.HA.Client;

/// <summary>A rerank model choice.</summary>
public sealed record DifyRerankingModel
{
    /// <summary>The provider, e.g. <c>cohere</c>.</summary>
    public string? RerankingProviderName { get; init; }

    /// <summary>The model, e.g. <c>rerank-english-v3.0</c>.</summary>
    public string? RerankingModelName { get; init; }
}
