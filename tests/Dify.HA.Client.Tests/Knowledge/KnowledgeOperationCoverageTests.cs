using System.Text.Json;
using Dify.HA.Client.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Dify.HA.Client.Tests.Knowledge;

/// <summary>Every Knowledge API operation of the spec is reachable through IDifyKnowledgeClient, under the spec's
/// operationId, method and path, and the spec's own success example parses into the typed answer.</summary>
public sealed class KnowledgeOperationCoverageTests
{
    private const string D = KnowledgeIds.Dataset, Doc = KnowledgeIds.Document, S = KnowledgeIds.Segment, C = KnowledgeIds.Child;

    private static async Task<int> Drain(IAsyncEnumerable<DifyStreamEvent> stream)
    {
        var n = 0;
        await foreach (var _ in stream) n++;
        return n;
    }

    private static MemoryStream File(string text = "hello") => new(System.Text.Encoding.UTF8.GetBytes(text));

    [Fact]
    public async Task All_46_knowledge_operations_are_covered_with_the_spec_method_and_path_and_parse_the_spec_examples()
    {
        var expected = KnowledgeSpec.Operations(KnowledgeSpec.Load());
        Assert.Equal(46, expected.Count);

        var transport = new SpecExampleTransport();
        var services = new ServiceCollection();
        services.AddDifyClient("kb", o => { o.BaseUrl = new Uri("http://127.0.0.1:9/v1"); o.ApiKey = KnowledgeIds.Key; });
        services.AddKeyedSingleton<IDifyTransport>("kb", transport);
        await using var provider = services.BuildServiceProvider();
        var k = provider.GetRequiredKeyedService<IDifyKnowledgeClient>("kb");
        var retrieval = new DifyRetrievalModel { SearchMethod = "semantic_search", TopK = 3 };

        // Datasets.
        Assert.NotNull((await k.Datasets.CreateAsync(new CreateDatasetRequest { Name = "kb", IndexingTechnique = "high_quality" })).Id);
        Assert.NotEmpty((await k.Datasets.ListAsync(tagIds: [KnowledgeIds.Tag])).Data);
        Assert.NotNull((await k.Datasets.GetAsync(D)).Name);
        await k.Datasets.UpdateAsync(D, new UpdateDatasetRequest { Name = "renamed", RetrievalModel = retrieval });
        await k.Datasets.DeleteAsync(D);
        var hits = await k.Datasets.RetrieveAsync(D, new RetrieveRequest { Query = "What is Dify?", RetrievalModel = retrieval });
        Assert.NotNull(hits.Records[0].Segment?.Document?.Name);
        Assert.True(hits.Records[0].Score > 0);

        // Documents.
        var created = await k.Documents.CreateByTextAsync(D, new CreateDocumentByTextRequest { Name = "a.txt", Text = "t", IndexingTechnique = "economy", ProcessRule = new DifyProcessRule { Mode = "automatic" } });
        Assert.False(string.IsNullOrEmpty(created.Batch));
        Assert.NotNull(created.Document?.Id);
        await k.Documents.CreateByFileAsync(D, File(), "a.txt", new DocumentFileSettings { IndexingTechnique = "economy" }, "text/plain");
        Assert.NotEmpty((await k.Documents.ListAsync(D, status: "available")).Data);
        Assert.NotNull((await k.Documents.GetAsync(D, Doc, DifyDocumentMetadataMode.Without)).Id);
        await k.Documents.DeleteAsync(D, Doc);
        await k.Documents.UpdateAsync(D, Doc, new DocumentFileSettings { Name = "b.txt" });
        Assert.NotNull((await k.Documents.GetDownloadUrlAsync(D, Doc)).Url);
        var status = await k.Documents.GetIndexingStatusAsync(D, "20250306150000123456");
        Assert.Equal(5, status[0].TotalSegments);
        await k.Documents.UpdateByTextAsync(D, Doc, new UpdateDocumentByTextRequest { Text = "new" });
        await k.Documents.UpdateByFileAsync(D, Doc, File(), "a.txt");
        await using (var zip = await k.Documents.DownloadZipAsync(D, [Doc]))
        {
            var bytes = new MemoryStream();
            await zip.Content.CopyToAsync(bytes);
            Assert.Equal(0x50, bytes.ToArray()[0]);
        }
        await k.Documents.SetStatusAsync(D, DifyDocumentStatusAction.Unarchive, [Doc]);

        // Segments and child chunks.
        Assert.NotEmpty(await k.Segments.CreateAsync(D, Doc, [new SegmentInput { Content = "c", Keywords = ["k"] }]));
        Assert.NotEmpty((await k.Segments.ListAsync(D, Doc, status: ["completed"])).Data);
        Assert.NotNull((await k.Segments.GetAsync(D, Doc, S)).Content);
        await k.Segments.UpdateAsync(D, Doc, S, new SegmentUpdate { Content = "c2", Enabled = true });
        await k.Segments.DeleteAsync(D, Doc, S);
        Assert.NotNull((await k.Segments.CreateChildChunkAsync(D, Doc, S, "child")).Id);
        var children = await k.Segments.ListChildChunksAsync(D, Doc, S);
        Assert.False(children.HasMore);
        Assert.Equal("customized", children.Data[0].Type);
        await k.Segments.UpdateChildChunkAsync(D, Doc, S, C, "child2");
        await k.Segments.DeleteChildChunkAsync(D, Doc, S, C);

        // Tags.
        await k.Tags.CreateAsync("Product Docs");
        Assert.Equal("knowledge", (await k.Tags.ListAsync())[0].Type);
        await k.Tags.UpdateAsync(KnowledgeIds.Tag, "Docs");
        await k.Tags.DeleteAsync(KnowledgeIds.Tag);
        await k.Tags.BindAsync(D, [KnowledgeIds.Tag]);
        await k.Tags.UnbindAsync(D, [KnowledgeIds.Tag]);
        Assert.NotEmpty(await k.Tags.ListForDatasetAsync(D));

        // Metadata.
        await k.Metadata.CreateAsync(D, DifyMetadataFieldType.Text, "author");
        Assert.NotEmpty((await k.Metadata.ListAsync(D)).DocMetadata);
        await k.Metadata.UpdateAsync(D, KnowledgeIds.Metadata, "writer");
        await k.Metadata.DeleteAsync(D, KnowledgeIds.Metadata);
        Assert.NotEmpty(await k.Metadata.ListBuiltInAsync(D));
        await k.Metadata.SetBuiltInEnabledAsync(D, enabled: false);
        await k.Metadata.UpdateDocumentsAsync(D, [new DocumentMetadataUpdate { DocumentId = Doc, MetadataList = [new DocumentMetadataValue { Id = KnowledgeIds.Metadata, Name = "author", Value = "Ada" }] }]);

        // Models.
        var models = await k.Models.ListAsync(DifyModelType.TextEmbedding);
        Assert.NotEmpty(models[0].Models);
        Assert.False(string.IsNullOrEmpty(models[0].Label?.EnUs));

        // RAG pipeline.
        Assert.NotNull((await k.Pipeline.UploadFileAsync(File(), "a.pdf", "application/pdf")).Id);
        Assert.NotEmpty(await k.Pipeline.ListDatasourcePluginsAsync(D));
        Assert.Equal(1, await Drain(k.Pipeline.RunDatasourceNodeAsync(D, "1716796392341", new DatasourceNodeRunRequest { DatasourceType = "website_crawl", IsPublished = true })));
        var run = new PipelineRunRequest { DatasourceType = "local_file", StartNodeId = "n1", IsPublished = true, DatasourceInfoList = [new Dictionary<string, object?> { ["reference"] = "f" }] };
        Assert.Equal(JsonValueKind.Object, (await k.Pipeline.RunAsync(D, run)).ValueKind);
        Assert.Equal(1, await Drain(k.Pipeline.StreamAsync(D, run)));

        Assert.Empty(transport.Mismatches);
        var seen = transport.Requests.Select(r => r.Operation).ToHashSet(StringComparer.Ordinal);
        var missing = expected.Keys.Except(seen, StringComparer.Ordinal).ToArray();
        Assert.True(missing.Length == 0, "Not covered: " + string.Join(", ", missing));
        Assert.All(transport.Requests, r => Assert.Equal(KnowledgeIds.Key, r.ApiKey));
    }

    [Fact]
    public async Task Operations_are_classified_for_the_pipeline_reads_retry_creates_are_not_blindly_resent()
    {
        var transport = new SpecExampleTransport();
        var services = new ServiceCollection();
        services.AddDifyClient("kb", o => { o.BaseUrl = new Uri("http://127.0.0.1:9/v1"); o.ApiKey = KnowledgeIds.Key; });
        services.AddKeyedSingleton<IDifyTransport>("kb", transport);
        await using var provider = services.BuildServiceProvider();
        var k = provider.GetRequiredKeyedService<IDifyKnowledgeClient>("kb");

        await k.Documents.CreateByTextAsync(D, new CreateDocumentByTextRequest { Name = "a", Text = "t" });
        await k.Documents.CreateByFileAsync(D, File(), "a.txt");
        await k.Datasets.RetrieveAsync(D, new RetrieveRequest { Query = "q" });
        await k.Documents.GetIndexingStatusAsync(D, "b1");
        await Drain(k.Pipeline.StreamAsync(D, new PipelineRunRequest { DatasourceType = "local_file", StartNodeId = "n", DatasourceInfoList = [new Dictionary<string, object?>()] }));

        var kinds = transport.Requests.ToDictionary(r => r.Operation, r => r.Kind, StringComparer.Ordinal);
        Assert.Equal(DifyOperationKind.Write, kinds["createDocumentFromText"]);
        Assert.Equal(DifyOperationKind.Write, kinds["createDocumentFromFile"]);
        Assert.Equal(DifyOperationKind.Read, kinds["retrieveSegments"]);
        Assert.Equal(DifyOperationKind.Read, kinds["getDocumentIndexingStatus"]);
        Assert.Equal(DifyOperationKind.Generation, kinds["runPipeline"]);
        Assert.True(transport.Requests.Single(r => r.Operation == "createDocumentFromFile").IsReplayable);
    }
}
