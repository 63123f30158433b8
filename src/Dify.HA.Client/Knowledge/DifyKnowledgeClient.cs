using Dify.HA.Client.Api;
using Dify.HA.Client.Routing;

namespace Dify.HA.Client.Knowledge;

/// <summary>The <see cref="IDifyKnowledgeClient"/> of one configured name: its areas share one <see cref="DifyApiCore"/>,
/// so calls go through the same transport (HA pipeline), telemetry and error handling as the app API.</summary>
internal sealed class DifyKnowledgeClient : IDifyKnowledgeClient
{
    public DifyKnowledgeClient(string name, DifyClientOptions options, IDifyTransport transport, TimeProvider timeProvider)
    {
        Name = name;
        var core = new DifyApiCore(name, options, transport, timeProvider);
        Datasets = new DifyDatasetsApi(core);
        Documents = new DifyDocumentsApi(core);
        Segments = new DifySegmentsApi(core);
        Tags = new DifyKnowledgeTagsApi(core);
        Metadata = new DifyKnowledgeMetadataApi(core);
        Models = new DifyKnowledgeModelsApi(core);
        Pipeline = new DifyRagPipelineApi(core);
    }

    public string Name { get; }
    public IDifyDatasetsApi Datasets { get; }
    public IDifyDocumentsApi Documents { get; }
    public IDifySegmentsApi Segments { get; }
    public IDifyKnowledgeTagsApi Tags { get; }
    public IDifyKnowledgeMetadataApi Metadata { get; }
    public IDifyKnowledgeModelsApi Models { get; }
    public IDifyRagPipelineApi Pipeline { get; }

    public override string ToString() => $"DifyKnowledgeClient '{Name}'";
}
