namespace Dify.HA.Client;

/// <summary>The RAG pipeline of pipeline datasets: upload a file, list datasource nodes, run a datasource node, run the pipeline.</summary>
public interface IDifyRagPipelineApi
{
    /// <summary>Uploads a file for a pipeline run (<c>uploadPipelineFile</c>); pass its id as <c>reference</c> in
    /// <see cref="PipelineRunRequest.DatasourceInfoList"/>.</summary>
    /// <param name="content">The file; a seekable stream is checked against <c>MaxUploadBytes</c> before sending.</param>
    /// <param name="fileName">The file name with its extension.</param>
    /// <param name="contentType">The MIME type. Default <c>application/octet-stream</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The uploaded file.</returns>
    Task<DifyUploadedFile> UploadFileAsync(Stream content, string fileName, string? contentType = null, CancellationToken cancellationToken = default);

    /// <summary>Lists the datasource nodes of a dataset's pipeline (<c>listDatasourcePlugins</c>).</summary>
    /// <param name="datasetId">The dataset id.</param>
    /// <param name="isPublished">The published pipeline (true, Dify's default) or the draft.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The datasource nodes.</returns>
    Task<IReadOnlyList<DifyDatasourcePlugin>> ListDatasourcePluginsAsync(string datasetId, bool isPublished = true, CancellationToken cancellationToken = default);

    /// <summary>Runs one datasource node and streams its events (<c>runDatasourceNode</c>, SSE). A generation for the HA
    /// pipeline: not re-sent after an ambiguous failure. Arguments are checked at once; the request is sent when
    /// enumeration starts.</summary>
    /// <param name="datasetId">The dataset id.</param>
    /// <param name="nodeId">The datasource node id (see <see cref="ListDatasourcePluginsAsync"/>).</param>
    /// <param name="request">Inputs, datasource type and credential.</param>
    /// <param name="cancellationToken">Cancels the stream.</param>
    /// <returns>The events (datasource events are <see cref="UnknownEvent"/>s with their raw JSON).</returns>
    IAsyncEnumerable<DifyStreamEvent> RunDatasourceNodeAsync(string datasetId, string nodeId, DatasourceNodeRunRequest request, CancellationToken cancellationToken = default);

    /// <summary>Runs the dataset's pipeline and waits for the result (<c>runPipeline</c>, blocking). A generation: not
    /// re-sent after an ambiguous failure.</summary>
    /// <param name="datasetId">The dataset id.</param>
    /// <param name="request">Inputs, datasource and start node.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Dify's answer (a free-form object: batch, dataset and documents).</returns>
    Task<System.Text.Json.JsonElement> RunAsync(string datasetId, PipelineRunRequest request, CancellationToken cancellationToken = default);

    /// <summary>Runs the dataset's pipeline and streams its workflow events (<c>runPipeline</c>, streaming).</summary>
    /// <param name="datasetId">The dataset id.</param>
    /// <param name="request">Inputs, datasource and start node.</param>
    /// <param name="cancellationToken">Cancels the stream.</param>
    /// <returns>The events (<see cref="WorkflowStartedEvent"/>, node events, <see cref="WorkflowFinishedEvent"/>…).</returns>
    IAsyncEnumerable<DifyStreamEvent> StreamAsync(string datasetId, PipelineRunRequest request, CancellationToken cancellationToken = default);
}
