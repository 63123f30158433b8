namespace Dify.HA.Client;

/// <summary>Datasets (knowledge bases).</summary>
public interface IDifyDatasetsApi
{
    /// <summary>Creates a dataset (<c>createDataset</c>). Not idempotent: a lost answer may leave a dataset behind, and
    /// Dify refuses a second one with the same name (409).</summary>
    /// <param name="request">The dataset; <see cref="CreateDatasetRequest.Name"/> 1 to 40 characters.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The dataset.</returns>
    Task<DifyDataset> CreateAsync(CreateDatasetRequest request, CancellationToken cancellationToken = default);

    /// <summary>Lists datasets, one page (<c>listDatasets</c>).</summary>
    /// <param name="page">1-based page. Default 1.</param>
    /// <param name="limit">Items per page, 1 to 100. Default 20.</param>
    /// <param name="keyword">Only datasets whose name contains this. Default: all.</param>
    /// <param name="includeAll">Include datasets of other members the key may not own. Default false.</param>
    /// <param name="tagIds">Only datasets with these tags (UUIDs). Default: any.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    Task<DifyNumberedPage<DifyDataset>> ListAsync(int page = 1, int limit = 20, string? keyword = null, bool includeAll = false, IReadOnlyList<string>? tagIds = null, CancellationToken cancellationToken = default);

    /// <summary>Every dataset, page after page (<c>listDatasets</c>, <c>has_more</c>).</summary>
    /// <param name="keyword">Only datasets whose name contains this.</param>
    /// <param name="includeAll">Include datasets of other members.</param>
    /// <param name="tagIds">Only datasets with these tags.</param>
    /// <param name="pageSize">Items per request, 1 to 100. Default 100.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The datasets.</returns>
    IAsyncEnumerable<DifyDataset> ListAllAsync(string? keyword = null, bool includeAll = false, IReadOnlyList<string>? tagIds = null, int pageSize = 100, CancellationToken cancellationToken = default);

    /// <summary>Reads a dataset (<c>getDatasetDetail</c>).</summary>
    /// <param name="datasetId">The dataset id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The dataset.</returns>
    Task<DifyDataset> GetAsync(string datasetId, CancellationToken cancellationToken = default);

    /// <summary>Changes a dataset (<c>updateDataset</c>); null members are left unchanged.</summary>
    /// <param name="datasetId">The dataset id.</param>
    /// <param name="request">The changes.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The dataset.</returns>
    Task<DifyDataset> UpdateAsync(string datasetId, UpdateDatasetRequest request, CancellationToken cancellationToken = default);

    /// <summary>Deletes a dataset and its documents (<c>deleteDataset</c>).</summary>
    /// <param name="datasetId">The dataset id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task completed when Dify answered 204.</returns>
    Task DeleteAsync(string datasetId, CancellationToken cancellationToken = default);

    /// <summary>Searches a dataset (<c>retrieveSegments</c>, a hit test). A read for the HA pipeline: it retries freely.</summary>
    /// <param name="datasetId">The dataset id.</param>
    /// <param name="request">The query (1 to 250 characters) and optional retrieval settings.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The chunks found, with scores.</returns>
    Task<DifyRetrieveResult> RetrieveAsync(string datasetId, RetrieveRequest request, CancellationToken cancellationToken = default);
}
