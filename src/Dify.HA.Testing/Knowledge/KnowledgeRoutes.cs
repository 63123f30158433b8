using Dify.HA.Testing.Hosting;

namespace Dify.HA.Testing.Knowledge;

/// <summary>
/// The 46 Knowledge API operations of openapi_service.json (dataset keys). Literal segments come before templates of
/// the same shape (<c>/datasets/tags</c> before <c>/datasets/{dataset_id}</c>) because the first match wins.
/// </summary>
internal static class KnowledgeRoutes
{
    private const string Dataset = "/datasets/{dataset_id}";
    private const string Document = Dataset + "/documents/{document_id}";
    private const string Segment = Document + "/segments/{segment_id}";

    /// <summary>
    /// The operations Dify checks the knowledge rate limit on (its <c>cloud_edition_billing_rate_limit_check
    /// ("knowledge")</c>): those whose 403 the spec documents with the rate-limit message. Reads such as lists and
    /// indexing-status are not checked.
    /// </summary>
    private static readonly HashSet<string> RateLimitedOperations = new(StringComparer.Ordinal)
    {
        "POST /datasets",
        "PATCH " + Dataset,
        "DELETE " + Dataset,
        "POST " + Dataset + "/document/create-by-text",
        "POST " + Dataset + "/document/create-by-file",
        "DELETE " + Document,
        "PATCH " + Document,
        "GET " + Document + "/download",
        "POST " + Document + "/update-by-text",
        "POST " + Document + "/update-by-file",
        "POST " + Dataset + "/documents/download-zip",
        "POST " + Document + "/segments",
        "POST " + Segment,
        "DELETE " + Segment,
        "POST " + Segment + "/child_chunks",
        "PATCH " + Segment + "/child_chunks/{child_chunk_id}",
        "DELETE " + Segment + "/child_chunks/{child_chunk_id}",
        "POST " + Dataset + "/retrieve",
        "POST " + Dataset + "/metadata",
        "PATCH " + Dataset + "/metadata/{metadata_id}",
        "DELETE " + Dataset + "/metadata/{metadata_id}",
        "POST " + Dataset + "/metadata/built-in/{action}",
        "POST " + Dataset + "/documents/metadata",
    };

    public static bool IsRateLimited(string operation) => RateLimitedOperations.Contains(operation);

    public static IReadOnlyList<EmulatorRoute> Create() =>
    [
        K("POST", "/datasets/tags", TagHandlers.CreateAsync),
        K("GET", "/datasets/tags", TagHandlers.ListAsync),
        K("PATCH", "/datasets/tags", TagHandlers.UpdateAsync),
        K("DELETE", "/datasets/tags", TagHandlers.DeleteAsync),
        K("POST", "/datasets/tags/binding", TagHandlers.BindAsync),
        K("POST", "/datasets/tags/unbinding", TagHandlers.UnbindAsync),
        K("POST", "/datasets/pipeline/file-upload", PipelineHandlers.UploadAsync),
        K("POST", "/datasets", DatasetHandlers.CreateAsync),
        K("GET", "/datasets", DatasetHandlers.ListAsync),
        K("GET", Dataset, DatasetHandlers.GetAsync),
        K("PATCH", Dataset, DatasetHandlers.UpdateAsync),
        K("DELETE", Dataset, DatasetHandlers.DeleteAsync),
        K("POST", Dataset + "/retrieve", DatasetHandlers.RetrieveAsync),
        K("GET", Dataset + "/tags", TagHandlers.DatasetTagsAsync),
        K("POST", Dataset + "/document/create-by-text", DocumentHandlers.CreateByTextAsync),
        K("POST", Dataset + "/document/create-by-file", DocumentHandlers.CreateByFileAsync),
        K("GET", Dataset + "/documents", DocumentHandlers.ListAsync),
        K("POST", Dataset + "/documents/download-zip", DocumentHandlers.DownloadZipAsync),
        K("POST", Dataset + "/documents/metadata", MetadataHandlers.UpdateDocumentsAsync),
        K("PATCH", Dataset + "/documents/status/{action}", DocumentHandlers.BatchStatusAsync),
        K("GET", Dataset + "/documents/{batch}/indexing-status", DocumentHandlers.IndexingStatusAsync),
        K("GET", Document, DocumentHandlers.GetAsync),
        K("DELETE", Document, DocumentHandlers.DeleteAsync),
        K("PATCH", Document, DocumentHandlers.UpdateByFileAsync),
        K("GET", Document + "/download", DocumentHandlers.DownloadAsync),
        K("POST", Document + "/update-by-text", DocumentHandlers.UpdateByTextAsync),
        K("POST", Document + "/update-by-file", DocumentHandlers.UpdateByFileAsync),
        K("POST", Document + "/segments", SegmentHandlers.CreateAsync),
        K("GET", Document + "/segments", SegmentHandlers.ListAsync),
        K("GET", Segment, SegmentHandlers.GetAsync),
        K("POST", Segment, SegmentHandlers.UpdateAsync),
        K("DELETE", Segment, SegmentHandlers.DeleteAsync),
        K("POST", Segment + "/child_chunks", SegmentHandlers.CreateChildAsync),
        K("GET", Segment + "/child_chunks", SegmentHandlers.ListChildrenAsync),
        K("PATCH", Segment + "/child_chunks/{child_chunk_id}", SegmentHandlers.UpdateChildAsync),
        K("DELETE", Segment + "/child_chunks/{child_chunk_id}", SegmentHandlers.DeleteChildAsync),
        K("GET", Dataset + "/metadata/built-in", MetadataHandlers.BuiltInAsync),
        K("POST", Dataset + "/metadata/built-in/{action}", MetadataHandlers.ToggleBuiltInAsync),
        K("POST", Dataset + "/metadata", MetadataHandlers.CreateAsync),
        K("GET", Dataset + "/metadata", MetadataHandlers.ListAsync),
        K("PATCH", Dataset + "/metadata/{metadata_id}", MetadataHandlers.UpdateAsync),
        K("DELETE", Dataset + "/metadata/{metadata_id}", MetadataHandlers.DeleteAsync),
        K("GET", "/workspaces/current/models/model-types/{model_type}", DatasetHandlers.AvailableModelsAsync),
        K("GET", Dataset + "/pipeline/datasource-plugins", PipelineHandlers.PluginsAsync),
        K("POST", Dataset + "/pipeline/datasource/nodes/{node_id}/run", PipelineHandlers.RunNodeAsync),
        K("POST", Dataset + "/pipeline/run", PipelineHandlers.RunAsync),
    ];

    private static EmulatorRoute K(string method, string template, Func<RequestScope, Task> handler) => new(method, template, handler, knowledge: true);
}
