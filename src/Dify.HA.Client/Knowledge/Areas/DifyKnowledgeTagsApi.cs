using Dify.HA.Client.Api;
using Dify.HA.Client.Knowledge.Internal;

namespace Dify.HA.Client.Knowledge;

internal sealed class DifyKnowledgeTagsApi : IDifyKnowledgeTagsApi
{
    private readonly DifyApiCore _core;

    public DifyKnowledgeTagsApi(DifyApiCore core) => _core = core;

    public Task<DifyKnowledgeTag> CreateAsync(string name, CancellationToken cancellationToken = default)
    {
        var n = KnowledgeArgument.Name(name, nameof(name), KnowledgeArgument.MaxTagNameLength, "tag");
        var req = _core.Request("createKnowledgeTag", HttpMethod.Post, "datasets/tags", DifyOperationKind.Write) with
        {
            ContentFactory = DifyApiCore.Json(new NameBody(n), KnowledgeJsonContext.Default.NameBody, nameof(name)),
        };
        return _core.SendAsync(req, KnowledgeJsonContext.Default.DifyKnowledgeTag, cancellationToken);
    }

    public async Task<IReadOnlyList<DifyKnowledgeTag>> ListAsync(CancellationToken cancellationToken = default)
    {
        var req = _core.Request("getKnowledgeTags", HttpMethod.Get, "datasets/tags", DifyOperationKind.Read);
        return await _core.SendAsync(req, KnowledgeJsonContext.Default.ListDifyKnowledgeTag, cancellationToken).ConfigureAwait(false);
    }

    public Task<DifyKnowledgeTag> UpdateAsync(string tagId, string name, CancellationToken cancellationToken = default)
    {
        var id = DifyArgument.Id(tagId, nameof(tagId), "tag");
        var n = KnowledgeArgument.Name(name, nameof(name), KnowledgeArgument.MaxTagNameLength, "tag");
        var req = _core.Request("updateKnowledgeTag", HttpMethod.Patch, "datasets/tags", DifyOperationKind.Write) with
        {
            ContentFactory = DifyApiCore.Json(new TagUpdateBody(id, n), KnowledgeJsonContext.Default.TagUpdateBody, nameof(name)),
        };
        return _core.SendAsync(req, KnowledgeJsonContext.Default.DifyKnowledgeTag, cancellationToken);
    }

    public Task DeleteAsync(string tagId, CancellationToken cancellationToken = default)
    {
        var id = DifyArgument.Id(tagId, nameof(tagId), "tag");
        var req = _core.Request("deleteKnowledgeTag", HttpMethod.Delete, "datasets/tags", DifyOperationKind.Write) with
        {
            ContentFactory = DifyApiCore.Json(new TagIdBody(id), KnowledgeJsonContext.Default.TagIdBody, nameof(tagId)),
        };
        return _core.SendAsync(req, cancellationToken);
    }

    public Task BindAsync(string datasetId, IReadOnlyList<string> tagIds, CancellationToken cancellationToken = default)
        => Binding("bindTagsToDataset", "datasets/tags/binding", datasetId, tagIds, cancellationToken);

    public Task UnbindAsync(string datasetId, IReadOnlyList<string> tagIds, CancellationToken cancellationToken = default)
        => Binding("unbindTagFromDataset", "datasets/tags/unbinding", datasetId, tagIds, cancellationToken);

    public async Task<IReadOnlyList<DifyKnowledgeTag>> ListForDatasetAsync(string datasetId, CancellationToken cancellationToken = default)
    {
        var id = KnowledgeArgument.DatasetId(datasetId);
        var req = _core.Request("queryDatasetTags", HttpMethod.Get, $"datasets/{DifyPath.Segment(id)}/tags", DifyOperationKind.Read);
        var result = await _core.SendAsync(req, KnowledgeJsonContext.Default.DataEnvelopeListDifyKnowledgeTag, cancellationToken).ConfigureAwait(false);
        return result.Data ?? [];
    }

    private Task Binding(string operation, string path, string datasetId, IReadOnlyList<string> tagIds, CancellationToken cancellationToken)
    {
        var id = KnowledgeArgument.DatasetId(datasetId);
        var ids = KnowledgeArgument.Ids(tagIds, nameof(tagIds), "tag");
        // Binding the same tags twice leaves the same state: safe for the pipeline to treat as any write.
        var req = _core.Request(operation, HttpMethod.Post, path, DifyOperationKind.Write) with
        {
            ContentFactory = DifyApiCore.Json(new TagBindingBody(ids, id), KnowledgeJsonContext.Default.TagBindingBody, nameof(tagIds)),
        };
        return _core.SendAsync(req, cancellationToken);
    }
}
