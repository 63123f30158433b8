namespace Dify.HA.Client.Tests.Knowledge;

/// <summary>The Knowledge API client against the emulator: every area round-trips, paging, the helpers under faults.</summary>
[Collection(nameof(KnowledgeEmulatorGroup))]
public sealed class KnowledgeEmulatorTests(KnowledgeEmulatorFixture fixture) : IDisposable
{
    private static readonly DifyIndexingWaitOptions FastWait = new() { InitialDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(40), Timeout = TimeSpan.FromSeconds(20) };

    private IDifyKnowledgeClient K => fixture.Client;

    public void Dispose()
    {
        fixture.AfterResponse = null;
        fixture.BeforeRequest = null;
        fixture.Emulator.Faults.Heal();
    }

    private async Task<DifyDataset> NewDatasetAsync()
        => await K.Datasets.CreateAsync(new CreateDatasetRequest { Name = "kb-" + Guid.NewGuid().ToString("N")[..12], IndexingTechnique = "economy" });

    private static CreateDocumentByTextRequest Text(string name, string text)
        => new() { Name = name, Text = text, IndexingTechnique = "economy", ProcessRule = new DifyProcessRule { Mode = "automatic" } };

    [Fact]
    public async Task Create_wait_for_indexing_retrieve_and_clean_up()
    {
        var dataset = await NewDatasetAsync();
        var created = await K.Documents.CreateByTextAsync(dataset.Id!, Text("returns.md", "Returns are accepted within thirty days with a receipt."));
        var reports = new List<DifyIndexingProgress>();

        var statuses = await K.Documents.WaitForIndexingAsync(dataset.Id!, created.Batch!, FastWait, new SyncProgress<DifyIndexingProgress>(reports.Add));

        Assert.Equal("completed", Assert.Single(statuses).IndexingStatus);
        Assert.True(reports.Count >= 2, $"expected several polls, got {reports.Count}");
        Assert.NotEqual("completed", reports[0].Documents[0].IndexingStatus);
        var hits = await K.Datasets.RetrieveAsync(dataset.Id!, new RetrieveRequest { Query = "returns receipt" });
        var best = hits.Records[0];
        Assert.Equal("returns.md", best.Segment?.Document?.Name);
        Assert.InRange(best.Score ?? 0, 0.5, 1);
        var detail = await K.Documents.GetAsync(dataset.Id!, created.Document!.Id!);
        Assert.Equal("completed", detail.IndexingStatus);
        Assert.True(detail.SegmentCount >= 1);

        await K.Documents.DeleteAsync(dataset.Id!, created.Document.Id!);
        await K.Datasets.DeleteAsync(dataset.Id!);
        var gone = await Assert.ThrowsAsync<DifyApiException>(() => K.Datasets.GetAsync(dataset.Id!));
        Assert.Equal(404, gone.StatusCode);
        Assert.Equal(DifyFailureClass.Permanent, gone.Classification);
    }

    [Fact]
    public async Task ListAll_walks_every_page_of_documents_and_datasets()
    {
        var dataset = await NewDatasetAsync();
        for (var i = 0; i < 5; i++) await K.Documents.CreateByTextAsync(dataset.Id!, Text($"doc-{i}.md", $"text number {i}"));

        var names = new List<string>();
        await foreach (var d in K.Documents.ListAllAsync(dataset.Id!, pageSize: 2)) names.Add(d.Name!);
        var page = await K.Documents.ListAsync(dataset.Id!, page: 3, limit: 2);

        Assert.Equal(5, names.Distinct().Count());
        Assert.False(page.HasMore);
        Assert.Single(page.Data);
        var datasets = new List<string>();
        await foreach (var d in K.Datasets.ListAllAsync(pageSize: 1)) datasets.Add(d.Id!);
        Assert.Contains(dataset.Id!, datasets);
    }

    [Fact]
    public async Task Segments_child_chunks_tags_metadata_status_and_downloads_round_trip()
    {
        var dataset = await NewDatasetAsync();
        var doc = await K.Documents.CreateByTextAsync(dataset.Id!, Text("guide.md", "Dify is an open-source platform."));
        await K.Documents.WaitForIndexingAsync(dataset.Id!, doc.Batch!, FastWait);
        var docId = doc.Document!.Id!;

        var added = await K.Segments.CreateAsync(dataset.Id!, docId, [new SegmentInput { Content = "An extra chunk about pricing.", Keywords = ["pricing"] }]);
        var segId = Assert.Single(added).Id!;
        var updated = await K.Segments.UpdateAsync(dataset.Id!, docId, segId, new SegmentUpdate { Content = "An extra chunk about prices." });
        Assert.Equal("An extra chunk about prices.", updated.Content);
        var all = new List<DifySegment>();
        await foreach (var s in K.Segments.ListAllAsync(dataset.Id!, docId, pageSize: 1)) all.Add(s);
        Assert.Contains(all, s => s.Id == segId);
        var child = await K.Segments.CreateChildChunkAsync(dataset.Id!, docId, segId, "prices child");
        Assert.Equal("prices child 2", (await K.Segments.UpdateChildChunkAsync(dataset.Id!, docId, segId, child.Id!, "prices child 2")).Content);
        var children = new List<DifyChildChunk>();
        await foreach (var c in K.Segments.ListAllChildChunksAsync(dataset.Id!, docId, segId, pageSize: 1)) children.Add(c);
        Assert.Contains(children, c => c.Id == child.Id);
        await K.Segments.DeleteChildChunkAsync(dataset.Id!, docId, segId, child.Id!);
        await K.Segments.DeleteAsync(dataset.Id!, docId, segId);

        var tag = await K.Tags.CreateAsync("t-" + Guid.NewGuid().ToString("N")[..8]);
        await K.Tags.BindAsync(dataset.Id!, [tag.Id!]);
        Assert.Contains(await K.Tags.ListForDatasetAsync(dataset.Id!), t => t.Id == tag.Id);
        Assert.Contains((await K.Datasets.ListAsync(tagIds: [tag.Id!], limit: 100)).Data, d => d.Id == dataset.Id);
        await K.Tags.UnbindAsync(dataset.Id!, [tag.Id!]);
        Assert.DoesNotContain(await K.Tags.ListForDatasetAsync(dataset.Id!), t => t.Id == tag.Id);
        await K.Tags.UpdateAsync(tag.Id!, tag.Name + "-x");
        await K.Tags.DeleteAsync(tag.Id!);

        var field = await K.Metadata.CreateAsync(dataset.Id!, DifyMetadataFieldType.Text, "author");
        await K.Metadata.UpdateDocumentsAsync(dataset.Id!, [new DocumentMetadataUpdate { DocumentId = docId, MetadataList = [new DocumentMetadataValue { Id = field.Id, Name = "author", Value = "Ada" }] }]);
        Assert.Contains((await K.Metadata.ListAsync(dataset.Id!)).DocMetadata, f => f.Id == field.Id);
        await K.Metadata.SetBuiltInEnabledAsync(dataset.Id!, enabled: true);
        Assert.NotEmpty(await K.Metadata.ListBuiltInAsync(dataset.Id!));
        await K.Metadata.UpdateAsync(dataset.Id!, field.Id!, "writer");
        await K.Metadata.DeleteAsync(dataset.Id!, field.Id!);

        await K.Documents.SetStatusAsync(dataset.Id!, DifyDocumentStatusAction.Disable, [docId]);
        Assert.False((await K.Documents.GetAsync(dataset.Id!, docId)).Enabled);
        Assert.False(string.IsNullOrEmpty((await K.Documents.GetDownloadUrlAsync(dataset.Id!, docId)).Url));
        await using var zip = await K.Documents.DownloadZipAsync(dataset.Id!, [docId]);
        var bytes = new MemoryStream();
        await zip.Content.CopyToAsync(bytes);
        Assert.Equal((byte)'P', bytes.ToArray()[0]);
        Assert.NotEmpty(await K.Models.ListAsync(DifyModelType.TextEmbedding));
    }

    [Fact]
    public async Task Dataset_update_tag_list_segment_get_and_document_patch_reach_the_emulator()
    {
        var before = fixture.Emulator.Stats.RequestsByOperation;
        long Sent(string operation) => fixture.Emulator.Stats.RequestsFor(operation) - before.GetValueOrDefault(operation);

        var dataset = await NewDatasetAsync();
        var renamed = await K.Datasets.UpdateAsync(dataset.Id!, new UpdateDatasetRequest { Name = dataset.Name + "-2", Description = "renamed" });
        Assert.Equal(dataset.Name + "-2", renamed.Name);

        var tag = await K.Tags.CreateAsync("t-" + Guid.NewGuid().ToString("N")[..8]);
        Assert.Contains(await K.Tags.ListAsync(), t => t.Id == tag.Id);

        var doc = await K.Documents.CreateByTextAsync(dataset.Id!, Text("faq.md", "Dify runs workflows.\n\nDify stores knowledge."));
        await K.Documents.WaitForIndexingAsync(dataset.Id!, doc.Batch!, FastWait);
        var docId = doc.Document!.Id!;
        var first = (await K.Segments.ListAsync(dataset.Id!, docId)).Data[0];
        Assert.Equal(first.Content, (await K.Segments.GetAsync(dataset.Id!, docId, first.Id!)).Content);

        var patched = await K.Documents.UpdateAsync(dataset.Id!, docId, new DocumentFileSettings { Name = "faq-renamed.md" });
        Assert.Equal("faq-renamed.md", patched.Document!.Name);

        Assert.Equal(1, Sent("PATCH /datasets/{dataset_id}"));
        Assert.True(Sent("GET /datasets/tags") >= 1);
        Assert.Equal(1, Sent("GET /datasets/{dataset_id}/documents/{document_id}/segments/{segment_id}"));
        Assert.Equal(1, Sent("PATCH /datasets/{dataset_id}/documents/{document_id}"));
        await K.Tags.DeleteAsync(tag.Id!);
    }

    [Fact]
    public async Task A_document_whose_indexing_fails_fails_the_wait()
    {
        var dataset = await NewDatasetAsync();
        var created = await K.Documents.CreateByTextAsync(dataset.Id!, Text("bad.md", "this one breaks [emulator:index-error]"));

        var ex = await Assert.ThrowsAsync<DifyIndexingFailedException>(() => K.Documents.WaitForIndexingAsync(dataset.Id!, created.Batch!, FastWait));

        Assert.Equal("error", Assert.Single(ex.Statuses).IndexingStatus);
    }

    [Fact]
    public async Task The_knowledge_rate_limit_is_waited_out_by_the_indexing_wait()
    {
        var dataset = await NewDatasetAsync();
        var created = await K.Documents.CreateByTextAsync(dataset.Id!, Text("a.md", "alpha beta"));
        var reports = new List<DifyIndexingProgress>();
        // More 403s than the pipeline's attempts, so one poll surfaces the limit to the helper.
        fixture.Emulator.Faults.KnowledgeRateLimit(4, everyOperation: true);

        var statuses = await K.Documents.WaitForIndexingAsync(dataset.Id!, created.Batch!, FastWait with { RateLimitDelay = TimeSpan.FromMilliseconds(20) }, new SyncProgress<DifyIndexingProgress>(reports.Add));

        Assert.Equal("completed", statuses[0].IndexingStatus);
        Assert.Contains(reports, r => r.RateLimited);
    }

    [Fact]
    public async Task A_persistent_knowledge_rate_limit_surfaces_as_a_transient_403_with_a_60_second_hint()
    {
        var dataset = await NewDatasetAsync();
        fixture.Emulator.Faults.KnowledgeRateLimit(TimeSpan.FromMinutes(1));

        var ex = await Assert.ThrowsAsync<DifyApiException>(() => K.Datasets.RetrieveAsync(dataset.Id!, new RetrieveRequest { Query = "q" }));

        Assert.Equal(403, ex.StatusCode);
        Assert.Equal(DifyFailureClass.Transient, ex.Classification);
        Assert.Equal(TimeSpan.FromSeconds(60), DifyFailureClassifier.RetryDelayHint(ex));
    }

    [Fact]
    public async Task Upsert_does_not_duplicate_when_the_create_answer_is_cut_by_a_reset()
    {
        var dataset = await NewDatasetAsync();
        static bool IsCreate(HttpRequestMessage r) => r.RequestUri!.AbsolutePath.EndsWith("/document/create-by-text", StringComparison.Ordinal);
        // Only the create's answer is cut: the emulator carries it out, then resets the connection.
        fixture.BeforeRequest = request =>
        {
            if (IsCreate(request)) fixture.Emulator.Faults.ResetAfterBytes(0);
        };
        var creates = 0;
        fixture.AfterResponse = (request, response) =>
        {
            if (!IsCreate(request)) return;
            Interlocked.Increment(ref creates);
            // The create was carried out and its answer lost: let the rest through.
            fixture.Emulator.Faults.Heal();
        };

        var result = await K.Documents.UpsertByTextAsync(dataset.Id!, "policies/returns.md", Text("ignored", "thirty days") with { Name = null });

        Assert.Equal(DifyUpsertOutcome.Recovered, result.Outcome);
        Assert.Equal(1, creates);
        var docs = new List<DifyDocument>();
        await foreach (var d in K.Documents.ListAllAsync(dataset.Id!)) docs.Add(d);
        Assert.Equal("policies/returns.md", Assert.Single(docs).Name);

        await WaitUntilCompletedAsync(dataset.Id!, result.Document!.Id!);
        var again = await K.Documents.UpsertByTextAsync(dataset.Id!, "policies/returns.md", Text("x", "forty days") with { Name = null });
        Assert.Equal(DifyUpsertOutcome.Updated, again.Outcome);
        await K.Documents.WaitForIndexingAsync(dataset.Id!, again.Batch!, FastWait);
        Assert.Single(await K.Documents.ListAsync(dataset.Id!) is { } p ? p.Data : []);
    }

    [Fact]
    public async Task Upsert_by_file_creates_then_updates_the_same_document()
    {
        var dataset = await NewDatasetAsync();
        using var v1 = new MemoryStream("version one of the contract"u8.ToArray());
        using var v2 = new MemoryStream("version two of the contract"u8.ToArray());

        var first = await K.Documents.UpsertByFileAsync(dataset.Id!, "contract-42.txt", v1, new DocumentFileSettings { IndexingTechnique = "economy", ProcessRule = new DifyProcessRule { Mode = "automatic" } }, "text/plain");
        await K.Documents.WaitForIndexingAsync(dataset.Id!, first.Batch!, FastWait);
        var second = await K.Documents.UpsertByFileAsync(dataset.Id!, "contract-42.txt", v2, contentType: "text/plain");

        Assert.Equal(DifyUpsertOutcome.Created, first.Outcome);
        Assert.Equal(DifyUpsertOutcome.Updated, second.Outcome);
        Assert.Equal(first.Document?.Id, second.Document?.Id);
        await K.Documents.WaitForIndexingAsync(dataset.Id!, second.Batch!, FastWait);
        var hits = await K.Datasets.RetrieveAsync(dataset.Id!, new RetrieveRequest { Query = "two contract" });
        Assert.Contains("two", hits.Records[0].Segment?.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pipeline_upload_plugins_and_runs_answer()
    {
        var dataset = await NewDatasetAsync();
        using var file = new MemoryStream("pipeline input"u8.ToArray());
        var uploaded = await K.Pipeline.UploadFileAsync(file, "in.txt", "text/plain");
        var plugins = await K.Pipeline.ListDatasourcePluginsAsync(dataset.Id!);
        var node = plugins.Count > 0 ? plugins[0].NodeId ?? "start" : "start";
        var run = new PipelineRunRequest
        {
            DatasourceType = "local_file", StartNodeId = node, IsPublished = true,
            DatasourceInfoList = [new Dictionary<string, object?> { ["reference"] = uploaded.Id, ["name"] = "in.txt" }],
        };

        var blocking = await K.Pipeline.RunAsync(dataset.Id!, run);
        var events = new List<DifyStreamEvent>();
        await foreach (var e in K.Pipeline.StreamAsync(dataset.Id!, run)) events.Add(e);
        var nodeEvents = new List<DifyStreamEvent>();
        await foreach (var e in K.Pipeline.RunDatasourceNodeAsync(dataset.Id!, node, new DatasourceNodeRunRequest { DatasourceType = "local_file", IsPublished = true })) nodeEvents.Add(e);

        Assert.False(string.IsNullOrEmpty(uploaded.Id));
        Assert.Equal(System.Text.Json.JsonValueKind.Object, blocking.ValueKind);
        Assert.NotEmpty(events);
        Assert.NotEmpty(nodeEvents);
    }

    private async Task WaitUntilCompletedAsync(string datasetId, string documentId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await K.Documents.GetAsync(datasetId, documentId)).IndexingStatus != DifyDocumentIndexingStates.Completed)
        {
            Assert.True(DateTime.UtcNow < deadline, "the document did not finish indexing");
            await Task.Delay(20);
        }
    }

    /// <summary>An IProgress that reports on the caller's thread (Progress&lt;T&gt; posts, which would race the asserts).</summary>
    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
