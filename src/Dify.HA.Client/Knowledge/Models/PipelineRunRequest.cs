namespace Dify.HA.Client;

/// <summary>The body of a RAG pipeline run (<c>Pipeline.RunAsync</c> / <c>StreamAsync</c>; the response mode is set by the method).</summary>
public sealed record PipelineRunRequest
{
    /// <summary>The pipeline's inputs.</summary>
    public IReadOnlyDictionary<string, object?> Inputs { get; init; } = new Dictionary<string, object?>();

    /// <summary><c>local_file</c>, <c>online_document</c>, <c>website_crawl</c> or <c>online_drive</c> (required).</summary>
    public string? DatasourceType { get; init; }

    /// <summary>One entry per source item, e.g. <c>{ "reference": uploadedFileId, "name": "a.pdf" }</c> for local files.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, object?>> DatasourceInfoList { get; init; } = [];

    /// <summary>The datasource node to start from (required; see <c>ListDatasourcePluginsAsync</c>).</summary>
    public string? StartNodeId { get; init; }

    /// <summary>Run the published pipeline (true) or the draft.</summary>
    public bool IsPublished { get; init; }
}
