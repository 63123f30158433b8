using Dify.HA.Client.Tests.Api;
using Microsoft.Extensions.DependencyInjection;

namespace Dify.HA.Client.Tests.Knowledge;

/// <summary>Bad input to the Knowledge API is rejected with an ArgumentException naming the parameter and the fix, and
/// nothing is sent.</summary>
public sealed class KnowledgeValidationTests : IAsyncDisposable
{
    private const string D = KnowledgeIds.Dataset, Doc = KnowledgeIds.Document, S = KnowledgeIds.Segment;

    private readonly FailIfCalledHandler _handler = new();
    private readonly ServiceProvider _services;
    private readonly IDifyKnowledgeClient _k;

    public KnowledgeValidationTests()
    {
        var services = new ServiceCollection();
        services.AddDifyClient("strict", o =>
        {
            o.BaseUrl = new Uri("http://127.0.0.1:9/v1");
            o.ApiKey = KnowledgeIds.Key;
            o.MaxUploadBytes = 16;
        }).ConfigureHttpClient(b => b.ConfigurePrimaryHttpMessageHandler(() => _handler));
        _services = services.BuildServiceProvider();
        _k = _services.GetRequiredService<IDifyClientFactory>().CreateKnowledgeClient("strict");
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    private async Task Rejected<T>(Func<Task> call, string paramName, string? fix = null) where T : ArgumentException
    {
        var ex = await Assert.ThrowsAnyAsync<T>(call);
        Assert.Equal(paramName, ex.ParamName);
        if (fix is not null) Assert.Contains(fix, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(KnowledgeIds.Key, ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, _handler.Calls);
    }

    private static async Task Drain(IAsyncEnumerable<DifyStreamEvent> stream)
    {
        await foreach (var _ in stream) { }
    }

    [Fact]
    public async Task Ids_that_are_not_uuids_are_rejected()
    {
        await Rejected<ArgumentException>(() => _k.Datasets.GetAsync("my-dataset"), "datasetId", "UUID");
        await Rejected<ArgumentNullException>(() => _k.Documents.GetAsync(D, null!), "documentId");
        await Rejected<ArgumentException>(() => _k.Segments.GetAsync(D, Doc, "seg 1"), "segmentId");
        await Rejected<ArgumentException>(() => _k.Segments.DeleteChildChunkAsync(D, Doc, S, "x"), "childChunkId");
        await Rejected<ArgumentException>(() => _k.Tags.UpdateAsync("tag", "n"), "tagId");
        await Rejected<ArgumentException>(() => _k.Metadata.DeleteAsync(D, "author"), "metadataId");
        await Rejected<ArgumentException>(() => _k.Tags.BindAsync(D, [KnowledgeIds.Tag, "nope"]), "tagIds[1]");
    }

    [Fact]
    public async Task Names_queries_and_lists_outside_difys_limits_are_rejected()
    {
        await Rejected<ArgumentException>(() => _k.Datasets.CreateAsync(new CreateDatasetRequest { Name = new string('n', 41) }), "request.Name", "at most 40");
        await Rejected<ArgumentNullException>(() => _k.Datasets.CreateAsync(new CreateDatasetRequest()), "request.Name");
        await Rejected<ArgumentException>(() => _k.Tags.CreateAsync(new string('t', 51)), "name", "at most 50");
        await Rejected<ArgumentException>(() => _k.Datasets.RetrieveAsync(D, new RetrieveRequest { Query = new string('q', 251) }), "request.Query", "at most 250");
        await Rejected<ArgumentException>(() => _k.Datasets.RetrieveAsync(D, new RetrieveRequest { Query = "   " }), "request.Query");
        await Rejected<ArgumentOutOfRangeException>(() => _k.Datasets.RetrieveAsync(D, new RetrieveRequest { Query = "q", RetrievalModel = new DifyRetrievalModel { SearchMethod = "semantic_search", TopK = 3, ScoreThreshold = 1.5 } }), "request.RetrievalModel.ScoreThreshold");
        await Rejected<ArgumentException>(() => _k.Documents.DownloadZipAsync(D, Enumerable.Repeat(Doc, 101).ToArray()), "documentIds", "at most 100");
        await Rejected<ArgumentException>(() => _k.Documents.SetStatusAsync(D, DifyDocumentStatusAction.Disable, []), "documentIds");
        await Rejected<ArgumentOutOfRangeException>(() => _k.Documents.ListAsync(D, limit: 101), "limit");
        await Rejected<ArgumentOutOfRangeException>(() => _k.Segments.ListAsync(D, Doc, page: 0), "page");
        await Rejected<ArgumentException>(() => _k.Documents.ListAsync(D, status: "done"), "status");
        await Rejected<ArgumentException>(() => _k.Segments.CreateAsync(D, Doc, []), "segments");
        await Rejected<ArgumentException>(() => _k.Segments.CreateAsync(D, Doc, [new SegmentInput { Content = " " }]), "segments[0].Content");
    }

    [Fact]
    public async Task Document_requests_are_checked_before_sending()
    {
        await Rejected<ArgumentNullException>(() => _k.Documents.CreateByTextAsync(D, new CreateDocumentByTextRequest { Name = "a" }), "request.Text");
        await Rejected<ArgumentException>(() => _k.Documents.CreateByTextAsync(D, new CreateDocumentByTextRequest { Name = "a", Text = "t", IndexingTechnique = "fast" }), "request.IndexingTechnique");
        await Rejected<ArgumentException>(() => _k.Documents.CreateByTextAsync(D, new CreateDocumentByTextRequest { Name = "a", Text = "t", ProcessRule = new DifyProcessRule { Mode = "custom" } }), "request.ProcessRule.Rules");
        await Rejected<ArgumentException>(() => _k.Documents.UpdateByTextAsync(D, Doc, new UpdateDocumentByTextRequest()), "request.Text");
        await Rejected<ArgumentException>(() => _k.Documents.CreateByFileAsync(D, new MemoryStream(new byte[17]), "big.pdf"), "content", "MaxUploadBytes");
        await Rejected<ArgumentException>(() => _k.Documents.CreateByFileAsync(D, new MemoryStream(new byte[4]), "dir/a.pdf"), "fileName");
        await Rejected<ArgumentException>(() => _k.Documents.GetIndexingStatusAsync(D, "a/b"), "batch");
        await Rejected<ArgumentException>(() => _k.Documents.UpsertByTextAsync(D, "key.md", new CreateDocumentByTextRequest { Name = "other.md", Text = "t" }), "request.Name", "externalKey");
        await Rejected<ArgumentException>(() => _k.Documents.UpsertByTextAsync(D, " ", new CreateDocumentByTextRequest { Text = "t" }), "externalKey");
        await Rejected<ArgumentException>(() => _k.Documents.UpsertByFileAsync(D, "a.pdf", new NonSeekableStream()), "content", "seekable");
    }

    [Fact]
    public async Task Pipeline_requests_are_checked_at_once_even_for_streams()
    {
        await Rejected<ArgumentException>(() => Drain(_k.Pipeline.RunDatasourceNodeAsync(D, "node/1", new DatasourceNodeRunRequest { DatasourceType = "local_file" })), "nodeId");
        await Rejected<ArgumentException>(() => _k.Pipeline.RunAsync(D, new PipelineRunRequest { DatasourceType = "ftp", StartNodeId = "n", DatasourceInfoList = [new Dictionary<string, object?>()] }), "request.DatasourceType");
        await Rejected<ArgumentException>(() => _k.Pipeline.RunAsync(D, new PipelineRunRequest { DatasourceType = "local_file", StartNodeId = "n" }), "request.DatasourceInfoList");
        await Rejected<ArgumentNullException>(() => _k.Pipeline.RunAsync(D, new PipelineRunRequest { DatasourceType = "local_file", DatasourceInfoList = [new Dictionary<string, object?>()] }), "request.StartNodeId");
        var ex = Assert.ThrowsAny<ArgumentException>(() => _k.Pipeline.StreamAsync(D, new PipelineRunRequest { DatasourceType = "local_file" }));
        Assert.Equal("request.StartNodeId", ex.ParamName);
        await Rejected<ArgumentException>(() => _k.Metadata.UpdateDocumentsAsync(D, [new DocumentMetadataUpdate { DocumentId = Doc, MetadataList = [new DocumentMetadataValue { Id = KnowledgeIds.Metadata, Name = "n", Value = new Uri("http://x") }] }]), "updates");
    }

    private sealed class NonSeekableStream : MemoryStream
    {
        public NonSeekableStream() : base([1, 2, 3]) { }

        public override bool CanSeek => false;
    }
}
