namespace Dify.HA.Client;

/// <summary>The models a workspace can use (to pick an embedding or rerank model for a dataset).</summary>
public interface IDifyKnowledgeModelsApi
{
    /// <summary>Lists the providers and models of a type (<c>getAvailableModels</c>).</summary>
    /// <param name="type">The model type, e.g. <see cref="DifyModelType.TextEmbedding"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The providers with their models.</returns>
    Task<IReadOnlyList<DifyModelProvider>> ListAsync(DifyModelType type, CancellationToken cancellationToken = default);
}
