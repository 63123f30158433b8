using Dify.HA.Client.Api;
using Dify.HA.Client.Knowledge.Internal;

namespace Dify.HA.Client.Knowledge;

internal sealed class DifyDatasetsApi : IDifyDatasetsApi
{
    private readonly DifyApiCore _core;

    public DifyDatasetsApi(DifyApiCore core) => _core = core;

    public Task<DifyDataset> CreateAsync(CreateDatasetRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        KnowledgeArgument.Name(request.Name, "request.Name", KnowledgeArgument.MaxDatasetNameLength, "dataset");
        KnowledgeArgument.IndexingTechnique(request.IndexingTechnique, "request.IndexingTechnique");
        KnowledgeArgument.RetrievalModel(request.RetrievalModel, "request.RetrievalModel");
        if (request.Provider is "external" && (string.IsNullOrWhiteSpace(request.ExternalKnowledgeApiId) || string.IsNullOrWhiteSpace(request.ExternalKnowledgeId)))
            throw new ArgumentException("An external dataset needs request.ExternalKnowledgeApiId and request.ExternalKnowledgeId: set both, or leave Provider null for a Dify-managed dataset.", "request.ExternalKnowledgeId");
        var req = _core.Request("createDataset", HttpMethod.Post, "datasets", DifyOperationKind.Write) with
        {
            ContentFactory = DifyApiCore.Json(request, KnowledgeJsonContext.Default.CreateDatasetRequest, nameof(request)),
        };
        return _core.SendAsync(req, KnowledgeJsonContext.Default.DifyDataset, cancellationToken);
    }

    public Task<DifyNumberedPage<DifyDataset>> ListAsync(int page = 1, int limit = 20, string? keyword = null, bool includeAll = false, IReadOnlyList<string>? tagIds = null, CancellationToken cancellationToken = default)
    {
        DifyArgument.Page(page, nameof(page));
        DifyArgument.Limit(limit, nameof(limit));
        var path = DifyPath.WithQuery("datasets",
            ("page", DifyPath.Int(page)), ("limit", DifyPath.Int(limit)), ("keyword", keyword), ("include_all", includeAll ? "true" : null));
        if (tagIds is { Count: > 0 })
        {
            // tag_ids is an exploded form array: tag_ids=a&tag_ids=b.
            var ids = KnowledgeArgument.Ids(tagIds, nameof(tagIds), "tag");
            path += (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + string.Join('&', ids.Select(id => "tag_ids=" + Uri.EscapeDataString(id)));
        }
        var req = _core.Request("listDatasets", HttpMethod.Get, path, DifyOperationKind.Read);
        return _core.SendAsync(req, KnowledgeJsonContext.Default.DifyNumberedPageDifyDataset, cancellationToken);
    }

    public IAsyncEnumerable<DifyDataset> ListAllAsync(string? keyword = null, bool includeAll = false, IReadOnlyList<string>? tagIds = null, int pageSize = 100, CancellationToken cancellationToken = default)
    {
        DifyArgument.Limit(pageSize, nameof(pageSize));
        if (tagIds is { Count: > 0 }) KnowledgeArgument.Ids(tagIds, nameof(tagIds), "tag");
        return KnowledgePaging.WalkAsync((page, ct) => ListAsync(page, pageSize, keyword, includeAll, tagIds, ct), cancellationToken);
    }

    public Task<DifyDataset> GetAsync(string datasetId, CancellationToken cancellationToken = default)
    {
        var id = KnowledgeArgument.DatasetId(datasetId);
        var req = _core.Request("getDatasetDetail", HttpMethod.Get, $"datasets/{DifyPath.Segment(id)}", DifyOperationKind.Read);
        return _core.SendAsync(req, KnowledgeJsonContext.Default.DifyDataset, cancellationToken);
    }

    public Task<DifyDataset> UpdateAsync(string datasetId, UpdateDatasetRequest request, CancellationToken cancellationToken = default)
    {
        var id = KnowledgeArgument.DatasetId(datasetId);
        ArgumentNullException.ThrowIfNull(request);
        if (request.Name is not null) KnowledgeArgument.Name(request.Name, "request.Name", KnowledgeArgument.MaxDatasetNameLength, "dataset");
        KnowledgeArgument.IndexingTechnique(request.IndexingTechnique, "request.IndexingTechnique");
        KnowledgeArgument.RetrievalModel(request.RetrievalModel, "request.RetrievalModel");
        var req = _core.Request("updateDataset", HttpMethod.Patch, $"datasets/{DifyPath.Segment(id)}", DifyOperationKind.Write) with
        {
            ContentFactory = DifyApiCore.Json(request, KnowledgeJsonContext.Default.UpdateDatasetRequest, nameof(request)),
        };
        return _core.SendAsync(req, KnowledgeJsonContext.Default.DifyDataset, cancellationToken);
    }

    public Task DeleteAsync(string datasetId, CancellationToken cancellationToken = default)
    {
        var id = KnowledgeArgument.DatasetId(datasetId);
        var req = _core.Request("deleteDataset", HttpMethod.Delete, $"datasets/{DifyPath.Segment(id)}", DifyOperationKind.Write);
        return _core.SendAsync(req, cancellationToken);
    }

    public Task<DifyRetrieveResult> RetrieveAsync(string datasetId, RetrieveRequest request, CancellationToken cancellationToken = default)
    {
        var id = KnowledgeArgument.DatasetId(datasetId);
        ArgumentNullException.ThrowIfNull(request);
        var query = DifyArgument.NotBlank(request.Query, "request.Query", "pass the text to search for (1 to 250 characters).");
        if (query.Length > KnowledgeArgument.MaxQueryLength)
            throw new ArgumentException($"request.Query is {query.Length} characters long; Dify accepts at most {KnowledgeArgument.MaxQueryLength}: shorten it (e.g. keep the key sentence).", "request.Query");
        KnowledgeArgument.RetrievalModel(request.RetrievalModel, "request.RetrievalModel");
        // A retrieve is a POST but changes nothing a retry could duplicate (at most a hit counter): a read for the pipeline.
        var req = _core.Request("retrieveSegments", HttpMethod.Post, $"datasets/{DifyPath.Segment(id)}/retrieve", DifyOperationKind.Read) with
        {
            ContentFactory = DifyApiCore.Json(request, KnowledgeJsonContext.Default.RetrieveRequest, nameof(request)),
        };
        return _core.SendAsync(req, KnowledgeJsonContext.Default.DifyRetrieveResult, cancellationToken);
    }
}
