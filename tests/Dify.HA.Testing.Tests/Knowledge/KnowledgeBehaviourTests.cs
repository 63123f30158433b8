using System.Text.Json.Nodes;
using static Dify.HA.Testing.Tests.Knowledge.KnowledgeHttp;

namespace Dify.HA.Testing.Tests.Knowledge;

/// <summary>Errors, retrieval scoring, statuses, metadata and regions of the Knowledge API.</summary>
public sealed class KnowledgeBehaviourTests
{
    [Fact]
    public async Task Errors_use_difys_codes_and_envelope()
    {
        await using var emulator = await DifyEmulator.StartAsync(new DifyEmulatorOptions { IndexingStepDuration = TimeSpan.Zero });
        using var kb = Client(emulator);
        var ds = await CreateDatasetAsync(kb, "Errors", technique: null);

        var notFound = await ExpectAsync(kb, HttpMethod.Get, $"datasets/{Guid.NewGuid()}", null, 404);
        Assert.Equal(new JsonObject { ["code"] = "not_found", ["message"] = "Dataset not found.", ["status"] = 404 }.ToJsonString(), notFound.ToJsonString());
        Assert.Equal("dataset_name_duplicate", (await ExpectAsync(kb, HttpMethod.Post, "datasets", new JsonObject { ["name"] = "Errors" }, 409))["code"]!.GetValue<string>());
        Assert.Equal("invalid_param", (await ExpectAsync(kb, HttpMethod.Post, "datasets", new JsonObject { ["name"] = new string('x', 41) }, 400))["code"]!.GetValue<string>());

        // The first document must choose an indexing technique when the dataset has none.
        var noTechnique = await ExpectAsync(kb, HttpMethod.Post, $"datasets/{ds}/document/create-by-text", new JsonObject { ["name"] = "a", ["text"] = "b" }, 400);
        Assert.Equal("invalid_param", noTechnique["code"]!.GetValue<string>());
        await SendFormAsync(kb, HttpMethod.Post, $"datasets/{ds}/document/create-by-file", FileForm("tool.exe", "MZ", new JsonObject { ["indexing_technique"] = "economy" }, "application/octet-stream"), 415);
        using (var empty = new MultipartFormDataContent { { new StringContent("{}"), "data" } })
            Assert.Equal("no_file_uploaded", (await SendFormAsync(kb, HttpMethod.Post, $"datasets/{ds}/document/create-by-file", empty, 400))["code"]!.GetValue<string>());
        Assert.Equal("Documents not found.", (await ExpectAsync(kb, HttpMethod.Get, $"datasets/{ds}/documents/20260101000000123456/indexing-status", null, 404))["message"]!.GetValue<string>());
        Assert.Equal("invalid_action", (await ExpectAsync(kb, HttpMethod.Patch, $"datasets/{ds}/documents/status/explode", new JsonObject { ["document_ids"] = new JsonArray() }, 400))["code"]!.GetValue<string>());
        Assert.Equal("bad_request", (await SendRawAsync(kb, $"datasets/{ds}/retrieve", "{not json"))["code"]!.GetValue<string>());
        var metadataClash = await ExpectAsync(kb, HttpMethod.Post, $"datasets/{ds}/metadata", new JsonObject { ["type"] = "string", ["name"] = "document_name" }, 400);
        Assert.Contains("Built-in", metadataClash["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Retrieval_scores_by_keyword_overlap_respects_top_k_and_skips_disabled_documents()
    {
        await using var emulator = await DifyEmulator.StartAsync(new DifyEmulatorOptions { IndexingStepDuration = TimeSpan.Zero });
        using var kb = Client(emulator);
        var ds = await CreateDatasetAsync(kb, "Search");
        var (a, _) = await CreateTextDocumentAsync(kb, ds, "a.txt", "Redis sentinel elects a new master.\n\nPostgres streaming replication.");
        var (b, _) = await CreateTextDocumentAsync(kb, ds, "b.txt", "Redis cluster shards keys.");

        var result = await ExpectAsync(kb, HttpMethod.Post, $"datasets/{ds}/retrieve", new JsonObject { ["query"] = "redis sentinel master" }, 200);
        var records = result["records"]!.AsArray();
        Assert.Equal("redis sentinel master", result["query"]!["content"]!.GetValue<string>());
        Assert.Equal(2, records.Count);
        Assert.Equal(1.0, records[0]!["score"]!.GetValue<double>());
        Assert.Equal(0.3333, records[1]!["score"]!.GetValue<double>());
        Assert.Equal(a, records[0]!["segment"]!["document_id"]!.GetValue<string>());
        Assert.Equal("a.txt", records[0]!["segment"]!["document"]!["name"]!.GetValue<string>());

        var top1 = await ExpectAsync(kb, HttpMethod.Post, $"datasets/{ds}/retrieve", new JsonObject { ["query"] = "redis", ["retrieval_model"] = new JsonObject { ["top_k"] = 1 } }, 200);
        Assert.Single(top1["records"]!.AsArray());
        var threshold = await ExpectAsync(kb, HttpMethod.Post, $"datasets/{ds}/retrieve", new JsonObject
        {
            ["query"] = "redis sentinel master",
            ["retrieval_model"] = new JsonObject { ["top_k"] = 5, ["score_threshold_enabled"] = true, ["score_threshold"] = 0.5 },
        }, 200);
        Assert.Single(threshold["records"]!.AsArray());

        await ExpectAsync(kb, HttpMethod.Patch, $"datasets/{ds}/documents/status/disable", new JsonObject { ["document_ids"] = new JsonArray(a) }, 200);
        var afterDisable = await ExpectAsync(kb, HttpMethod.Post, $"datasets/{ds}/retrieve", new JsonObject { ["query"] = "redis sentinel master" }, 200);
        Assert.Equal(b, afterDisable["records"]![0]!["segment"]!["document_id"]!.GetValue<string>());
        Assert.Equal("disabled", (await ExpectAsync(kb, HttpMethod.Get, $"datasets/{ds}/documents/{a}", null, 200))["display_status"]!.GetValue<string>());
        var hits = (await ExpectAsync(kb, HttpMethod.Get, $"datasets/{ds}/documents/{b}", null, 200))["hit_count"]!.GetValue<int>();
        Assert.Equal(2, hits); // the first retrieval and the one after the disable returned b
    }

    [Fact]
    public async Task Archived_documents_cannot_be_deleted_and_metadata_values_show_on_documents()
    {
        await using var emulator = await DifyEmulator.StartAsync(new DifyEmulatorOptions { IndexingStepDuration = TimeSpan.Zero });
        using var kb = Client(emulator);
        var ds = await CreateDatasetAsync(kb, "Meta");
        var (doc, _) = await CreateTextDocumentAsync(kb, ds, "meta.txt", "Body.");
        var field = (await ExpectAsync(kb, HttpMethod.Post, $"datasets/{ds}/metadata", new JsonObject { ["type"] = "string", ["name"] = "external_key" }, 201))["id"]!.GetValue<string>();
        await ExpectAsync(kb, HttpMethod.Post, $"datasets/{ds}/documents/metadata", new JsonObject
        {
            ["operation_data"] = new JsonArray(new JsonObject { ["document_id"] = doc, ["metadata_list"] = new JsonArray(new JsonObject { ["id"] = field, ["name"] = "external_key", ["value"] = "crm-42" }) }),
        }, 200);
        await ExpectAsync(kb, HttpMethod.Post, $"datasets/{ds}/metadata/built-in/enable", null, 200);

        var detail = await ExpectAsync(kb, HttpMethod.Get, $"datasets/{ds}/documents/{doc}", null, 200);
        var values = detail["doc_metadata"]!.AsArray();
        Assert.Equal("crm-42", values.First(v => v!["name"]!.GetValue<string>() == "external_key")!["value"]!.GetValue<string>());
        Assert.Equal("meta.txt", values.First(v => v!["name"]!.GetValue<string>() == "document_name")!["value"]!.GetValue<string>());
        var only = await ExpectAsync(kb, HttpMethod.Get, $"datasets/{ds}/documents/{doc}?metadata=only", null, 200);
        Assert.Null(only["name"]);
        Assert.NotNull(only["doc_metadata"]);

        await ExpectAsync(kb, HttpMethod.Patch, $"datasets/{ds}/documents/status/archive", new JsonObject { ["document_ids"] = new JsonArray(doc) }, 200);
        Assert.Equal("archived_document_immutable", (await ExpectAsync(kb, HttpMethod.Delete, $"datasets/{ds}/documents/{doc}", null, 403))["code"]!.GetValue<string>());
        await ExpectAsync(kb, HttpMethod.Patch, $"datasets/{ds}/documents/status/un_archive", new JsonObject { ["document_ids"] = new JsonArray(doc) }, 200);
        await ExpectNoContentAsync(kb, HttpMethod.Delete, $"datasets/{ds}/documents/{doc}");
    }

    [Fact]
    public async Task Datasets_live_in_their_region()
    {
        await using var topology = await DifyEmulatorTopology.StartAsync(2, 2, o => o.IndexingStepDuration = TimeSpan.Zero);
        using var a0 = Client(topology.Regions[0].Endpoints[0]);
        using var a1 = Client(topology.Regions[0].Endpoints[1]);
        using var b0 = Client(topology.Regions[1].Endpoints[0]);

        var ds = await CreateDatasetAsync(a0, "Regional");
        var (doc, batch) = await CreateTextDocumentAsync(a0, ds, "r.txt", "Regional text.");

        Assert.Equal("Regional", (await ExpectAsync(a1, HttpMethod.Get, $"datasets/{ds}", null, 200))["name"]!.GetValue<string>());
        Assert.Equal(doc, (await ExpectAsync(a1, HttpMethod.Get, $"datasets/{ds}/documents/{batch}/indexing-status", null, 200))["data"]![0]!["id"]!.GetValue<string>());
        await ExpectAsync(b0, HttpMethod.Get, $"datasets/{ds}", null, 404);
        Assert.Equal(0, (await ExpectAsync(b0, HttpMethod.Get, "datasets", null, 200))["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task Pipeline_run_turns_an_uploaded_file_into_a_document_and_fails_on_request()
    {
        await using var emulator = await DifyEmulator.StartAsync(new DifyEmulatorOptions { IndexingStepDuration = TimeSpan.Zero });
        using var kb = Client(emulator);
        var ds = await CreateDatasetAsync(kb, "Pipe");
        var upload = await SendFormAsync(kb, HttpMethod.Post, "datasets/pipeline/file-upload", FileForm("faq.txt", "Expenses are paid monthly."), 201);
        var fileId = upload["id"]!.GetValue<string>();

        var run = await ExpectAsync(kb, HttpMethod.Post, $"datasets/{ds}/pipeline/run", KnowledgeOperationCoverageTests.PipelineBody(fileId, "blocking"), 200);
        var batch = run["data"]!["outputs"]!["batch"]!.GetValue<string>();
        var status = await ExpectAsync(kb, HttpMethod.Get, $"datasets/{ds}/documents/{batch}/indexing-status", null, 200);
        Assert.Equal("completed", status["data"]![0]!["indexing_status"]!.GetValue<string>());
        var retrieved = await ExpectAsync(kb, HttpMethod.Post, $"datasets/{ds}/retrieve", new JsonObject { ["query"] = "expenses monthly" }, 200);
        Assert.Equal("Expenses are paid monthly.", retrieved["records"]![0]!["segment"]!["content"]!.GetValue<string>());

        var failing = KnowledgeOperationCoverageTests.PipelineBody(fileId, "blocking");
        failing["inputs"] = new JsonObject { ["emulator_fail"] = true };
        Assert.Equal("pipeline_run_error", (await ExpectAsync(kb, HttpMethod.Post, $"datasets/{ds}/pipeline/run", failing, 500))["code"]!.GetValue<string>());
        var missing = KnowledgeOperationCoverageTests.PipelineBody(fileId, "blocking");
        missing.Remove("start_node_id");
        await ExpectAsync(kb, HttpMethod.Post, $"datasets/{ds}/pipeline/run", missing, 400);
    }

    [Fact]
    public async Task A_create_whose_response_is_lost_still_creates_the_document_so_a_blind_resend_duplicates_it()
    {
        await using var emulator = await DifyEmulator.StartAsync(new DifyEmulatorOptions { IndexingStepDuration = TimeSpan.Zero });
        using var kb = Client(emulator);
        var ds = await CreateDatasetAsync(kb, "Lost");
        emulator.Faults.ResetAfterBytes(0);

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => kb.PostAsync($"datasets/{ds}/document/create-by-text",
            Support.Http.Json(new JsonObject { ["name"] = "once.txt", ["text"] = "Once.", ["indexing_technique"] = "economy" })));
        await emulator.Faults.HealAsync();
        await CreateTextDocumentAsync(kb, ds, "once.txt", "Once.");

        var found = await ExpectAsync(kb, HttpMethod.Get, $"datasets/{ds}/documents?keyword=once.txt", null, 200);
        Assert.Equal(2, found["total"]!.GetValue<int>());
    }

    private static async Task<JsonNode> SendRawAsync(HttpClient client, string path, string json)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(path, content);
        Assert.Equal(400, (int)response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }
}
