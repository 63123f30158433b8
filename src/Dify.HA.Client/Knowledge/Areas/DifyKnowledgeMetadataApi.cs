using Dify.HA.Client.Api;
using Dify.HA.Client.Knowledge.Internal;

namespace Dify.HA.Client.Knowledge;

internal sealed class DifyKnowledgeMetadataApi : IDifyKnowledgeMetadataApi
{
    private readonly DifyApiCore _core;

    public DifyKnowledgeMetadataApi(DifyApiCore core) => _core = core;

    public Task<DifyMetadataField> CreateAsync(string datasetId, DifyMetadataFieldType type, string name, CancellationToken cancellationToken = default)
    {
        var id = KnowledgeArgument.DatasetId(datasetId);
        var t = type switch
        {
            DifyMetadataFieldType.Text => "string",
            DifyMetadataFieldType.Number => "number",
            DifyMetadataFieldType.Time => "time",
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "type must be Text, Number or Time."),
        };
        var n = DifyArgument.NotBlank(name, nameof(name), "pass the metadata field's name (e.g. author).");
        var req = _core.Request("createMetadataField", HttpMethod.Post, $"datasets/{DifyPath.Segment(id)}/metadata", DifyOperationKind.Write) with
        {
            ContentFactory = DifyApiCore.Json(new MetadataCreateBody(t, n), KnowledgeJsonContext.Default.MetadataCreateBody, nameof(name)),
        };
        return _core.SendAsync(req, KnowledgeJsonContext.Default.DifyMetadataField, cancellationToken);
    }

    public Task<DifyMetadataFieldList> ListAsync(string datasetId, CancellationToken cancellationToken = default)
    {
        var id = KnowledgeArgument.DatasetId(datasetId);
        var req = _core.Request("listMetadataFields", HttpMethod.Get, $"datasets/{DifyPath.Segment(id)}/metadata", DifyOperationKind.Read);
        return _core.SendAsync(req, KnowledgeJsonContext.Default.DifyMetadataFieldList, cancellationToken);
    }

    public Task<DifyMetadataField> UpdateAsync(string datasetId, string metadataId, string name, CancellationToken cancellationToken = default)
    {
        var id = KnowledgeArgument.DatasetId(datasetId);
        var m = DifyArgument.Id(metadataId, nameof(metadataId), "metadata field");
        var n = DifyArgument.NotBlank(name, nameof(name), "pass the field's new name.");
        var req = _core.Request("updateMetadataField", HttpMethod.Patch, $"datasets/{DifyPath.Segment(id)}/metadata/{DifyPath.Segment(m)}", DifyOperationKind.Write) with
        {
            ContentFactory = DifyApiCore.Json(new NameBody(n), KnowledgeJsonContext.Default.NameBody, nameof(name)),
        };
        return _core.SendAsync(req, KnowledgeJsonContext.Default.DifyMetadataField, cancellationToken);
    }

    public Task DeleteAsync(string datasetId, string metadataId, CancellationToken cancellationToken = default)
    {
        var id = KnowledgeArgument.DatasetId(datasetId);
        var m = DifyArgument.Id(metadataId, nameof(metadataId), "metadata field");
        var req = _core.Request("deleteMetadataField", HttpMethod.Delete, $"datasets/{DifyPath.Segment(id)}/metadata/{DifyPath.Segment(m)}", DifyOperationKind.Write);
        return _core.SendAsync(req, cancellationToken);
    }

    public async Task<IReadOnlyList<DifyMetadataField>> ListBuiltInAsync(string datasetId, CancellationToken cancellationToken = default)
    {
        var id = KnowledgeArgument.DatasetId(datasetId);
        var req = _core.Request("getBuiltInMetadataFields", HttpMethod.Get, $"datasets/{DifyPath.Segment(id)}/metadata/built-in", DifyOperationKind.Read);
        var result = await _core.SendAsync(req, KnowledgeJsonContext.Default.BuiltInFieldsResult, cancellationToken).ConfigureAwait(false);
        return result.Fields;
    }

    public Task SetBuiltInEnabledAsync(string datasetId, bool enabled, CancellationToken cancellationToken = default)
    {
        var id = KnowledgeArgument.DatasetId(datasetId);
        var action = enabled ? "enable" : "disable";
        var req = _core.Request("toggleBuiltInMetadataField", HttpMethod.Post, $"datasets/{DifyPath.Segment(id)}/metadata/built-in/{action}", DifyOperationKind.Write);
        return _core.SendAsync(req, KnowledgeJsonContext.Default.KnowledgeResult, cancellationToken);
    }

    public Task UpdateDocumentsAsync(string datasetId, IReadOnlyList<DocumentMetadataUpdate> updates, CancellationToken cancellationToken = default)
    {
        var id = KnowledgeArgument.DatasetId(datasetId);
        if (updates is null) throw new ArgumentNullException(nameof(updates), "updates is required: pass at least one DocumentMetadataUpdate.");
        if (updates.Count == 0) throw new ArgumentException("updates is empty: pass at least one DocumentMetadataUpdate.", nameof(updates));
        for (var i = 0; i < updates.Count; i++)
        {
            var u = updates[i] ?? throw new ArgumentNullException($"updates[{i}]", $"updates[{i}] is null: remove it.");
            DifyArgument.Id(u.DocumentId, $"updates[{i}].DocumentId", "document");
            for (var j = 0; j < u.MetadataList.Count; j++)
            {
                DifyArgument.Id(u.MetadataList[j].Id, $"updates[{i}].MetadataList[{j}].Id", "metadata field");
                DifyArgument.NotBlank(u.MetadataList[j].Name, $"updates[{i}].MetadataList[{j}].Name", "pass the field's name as Metadata.ListAsync returns it.");
            }
        }
        var req = _core.Request("batchUpdateDocumentMetadata", HttpMethod.Post, $"datasets/{DifyPath.Segment(id)}/documents/metadata", DifyOperationKind.Write) with
        {
            ContentFactory = DifyApiCore.Json(new DocumentMetadataBody(updates), KnowledgeJsonContext.Default.DocumentMetadataBody, nameof(updates)),
        };
        return _core.SendAsync(req, KnowledgeJsonContext.Default.KnowledgeResult, cancellationToken);
    }
}
