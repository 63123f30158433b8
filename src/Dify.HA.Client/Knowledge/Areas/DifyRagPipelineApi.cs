using System.Text.Json;
using Dify.HA.Client.Api;
using Dify.HA.Client.Knowledge.Internal;

namespace Dify.HA.Client.Knowledge;

internal sealed class DifyRagPipelineApi : IDifyRagPipelineApi
{
    private readonly DifyApiCore _core;

    public DifyRagPipelineApi(DifyApiCore core) => _core = core;

    public Task<DifyUploadedFile> UploadFileAsync(Stream content, string fileName, string? contentType = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var name = DifyMultipart.FileName(fileName, nameof(fileName));
        DifyMultipart.CheckSize(content, _core.Options.MaxUploadBytes, nameof(content));
        var type = DifyFilesApi.ContentType(contentType, nameof(contentType)) ?? "application/octet-stream";
        var (factory, replayable) = KnowledgeMultipart.Build(content, name, type, data: null, _core.Options.MaxUploadBytes);
        var req = _core.Request("uploadPipelineFile", HttpMethod.Post, "datasets/pipeline/file-upload", DifyOperationKind.Write) with
        {
            ContentFactory = factory,
            IsReplayable = replayable,
        };
        return _core.SendAsync(req, KnowledgeJsonContext.Default.DifyUploadedFile, cancellationToken);
    }

    public async Task<IReadOnlyList<DifyDatasourcePlugin>> ListDatasourcePluginsAsync(string datasetId, bool isPublished = true, CancellationToken cancellationToken = default)
    {
        var id = KnowledgeArgument.DatasetId(datasetId);
        var path = DifyPath.WithQuery($"datasets/{DifyPath.Segment(id)}/pipeline/datasource-plugins", ("is_published", DifyPath.Bool(isPublished)));
        var req = _core.Request("listDatasourcePlugins", HttpMethod.Get, path, DifyOperationKind.Read);
        return await _core.SendAsync(req, KnowledgeJsonContext.Default.ListDifyDatasourcePlugin, cancellationToken).ConfigureAwait(false);
    }

    public IAsyncEnumerable<DifyStreamEvent> RunDatasourceNodeAsync(string datasetId, string nodeId, DatasourceNodeRunRequest request, CancellationToken cancellationToken = default)
    {
        var id = KnowledgeArgument.DatasetId(datasetId);
        var node = KnowledgeArgument.NodeId(nodeId);
        ArgumentNullException.ThrowIfNull(request);
        CheckDatasourceType(request.DatasourceType, "request.DatasourceType");
        if (request.Inputs is null) throw new ArgumentNullException("request.Inputs", "request.Inputs is required: pass the node's inputs (an empty dictionary when it has none).");
        // A datasource run calls a plugin (a crawl, a drive listing): treated like a generation, never re-sent blindly.
        var req = _core.Request("runDatasourceNode", HttpMethod.Post, $"datasets/{DifyPath.Segment(id)}/pipeline/datasource/nodes/{DifyPath.Segment(node)}/run", DifyOperationKind.Generation) with
        {
            ContentFactory = DifyApiCore.Json(request, KnowledgeJsonContext.Default.DatasourceNodeRunRequest, nameof(request)),
            Streaming = true,
        };
        return _core.StreamAsync(req, cancellationToken);
    }

    public Task<JsonElement> RunAsync(string datasetId, PipelineRunRequest request, CancellationToken cancellationToken = default)
    {
        var req = PipelineRequest(datasetId, request, "blocking");
        return _core.SendAsync(req, KnowledgeJsonContext.Default.JsonElement, cancellationToken);
    }

    public IAsyncEnumerable<DifyStreamEvent> StreamAsync(string datasetId, PipelineRunRequest request, CancellationToken cancellationToken = default)
    {
        var req = PipelineRequest(datasetId, request, "streaming") with { Streaming = true };
        return _core.StreamAsync(req, cancellationToken);
    }

    private Routing.DifyRequest PipelineRequest(string datasetId, PipelineRunRequest request, string responseMode)
    {
        var id = KnowledgeArgument.DatasetId(datasetId);
        ArgumentNullException.ThrowIfNull(request);
        var type = CheckDatasourceType(request.DatasourceType, "request.DatasourceType");
        var start = DifyArgument.NotBlank(request.StartNodeId, "request.StartNodeId", "pass the datasource node to start from (DifyDatasourcePlugin.NodeId from ListDatasourcePluginsAsync).");
        if (request.Inputs is null) throw new ArgumentNullException("request.Inputs", "request.Inputs is required: pass the pipeline's inputs (an empty dictionary when it has none).");
        if (request.DatasourceInfoList is null || request.DatasourceInfoList.Count == 0)
            throw new ArgumentException("request.DatasourceInfoList is empty: pass one entry per source item, e.g. { \"reference\": uploadedFile.Id } for a local file.", "request.DatasourceInfoList");
        var body = new PipelineRunBody(request.Inputs, type, request.DatasourceInfoList, start, request.IsPublished, responseMode);
        // A pipeline run indexes documents: sent twice it may index twice. A generation for the pipeline's safety rules.
        return _core.Request("runPipeline", HttpMethod.Post, $"datasets/{DifyPath.Segment(id)}/pipeline/run", DifyOperationKind.Generation) with
        {
            ContentFactory = DifyApiCore.Json(body, KnowledgeJsonContext.Default.PipelineRunBody, nameof(request)),
        };
    }

    private static string CheckDatasourceType(string? type, string paramName)
    {
        if (type is "local_file" or "online_document" or "website_crawl" or "online_drive") return type;
        if (type is null) throw new ArgumentNullException(paramName, $"{paramName} is required: local_file, online_document, website_crawl or online_drive.");
        throw new ArgumentException($"{paramName} must be local_file, online_document, website_crawl or online_drive (got '{type}').", paramName);
    }
}
