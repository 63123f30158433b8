using System.IO.Compression;
using System.Net;
using System.Text.Json.Nodes;
using Dify.HA.Testing.Tests.Support;
using static Dify.HA.Testing.Tests.Knowledge.KnowledgeHttp;

namespace Dify.HA.Testing.Tests.Knowledge;

/// <summary>Walks every Knowledge API operation of openapi_service.json and checks each JSON answer against its schema.</summary>
public sealed class KnowledgeOperationCoverageTests
{
    [Fact]
    public async Task Every_knowledge_operation_of_the_spec_answers_with_the_spec_shapes()
    {
        // Indexing completes at once here; the state machine has its own tests on a FakeTimeProvider.
        await using var emulator = await DifyEmulator.StartAsync(new DifyEmulatorOptions { IndexingStepDuration = TimeSpan.Zero });
        using var kb = Client(emulator);
        var get = HttpMethod.Get;
        var post = HttpMethod.Post;
        var patch = HttpMethod.Patch;
        var delete = HttpMethod.Delete;

        // Datasets.
        var created = await ExpectAsync(kb, post, "datasets", new JsonObject { ["name"] = "Handbook", ["description"] = "HR", ["indexing_technique"] = "high_quality", ["permission"] = "only_me" }, 200);
        Support.Contract.AssertMatches("POST", "/datasets", 200, created);
        var ds = created["id"]!.GetValue<string>();
        Support.Contract.AssertMatches("GET", "/datasets", 200, await ExpectAsync(kb, get, "datasets?page=1&limit=20", null, 200));
        Support.Contract.AssertMatches("GET", "/datasets/{dataset_id}", 200, await ExpectAsync(kb, get, $"datasets/{ds}", null, 200));
        var renamed = await ExpectAsync(kb, patch, $"datasets/{ds}", new JsonObject { ["name"] = "Handbook 2", ["retrieval_model"] = new JsonObject { ["search_method"] = "keyword_search", ["top_k"] = 5 } }, 200);
        Support.Contract.AssertMatches("PATCH", "/datasets/{dataset_id}", 200, renamed);
        Assert.Equal("Handbook 2", renamed["name"]!.GetValue<string>());

        // Documents by text and by file.
        var byText = await ExpectAsync(kb, post, $"datasets/{ds}/document/create-by-text", new JsonObject
        {
            ["name"] = "leave.txt",
            ["text"] = "Annual leave is twenty five days.\n\nSick leave needs a note from a doctor after three days.",
            ["indexing_technique"] = "high_quality",
            ["doc_form"] = "text_model",
            ["process_rule"] = new JsonObject { ["mode"] = "automatic" },
        }, 200);
        Support.Contract.AssertMatches("POST", "/datasets/{dataset_id}/document/create-by-text", 200, byText);
        var doc = byText["document"]!["id"]!.GetValue<string>();
        var batch = byText["batch"]!.GetValue<string>();
        var byFile = await SendFormAsync(kb, post, $"datasets/{ds}/document/create-by-file",
            FileForm("travel.md", "Travel is booked through the portal.\n\nTrains are preferred over flights.", new JsonObject { ["indexing_technique"] = "high_quality", ["process_rule"] = new JsonObject { ["mode"] = "automatic" } }), 200);
        Support.Contract.AssertMatches("POST", "/datasets/{dataset_id}/document/create-by-file", 200, byFile);
        var fileDoc = byFile["document"]!["id"]!.GetValue<string>();
        Support.Contract.AssertMatches("GET", "/datasets/{dataset_id}/documents", 200, await ExpectAsync(kb, get, $"datasets/{ds}/documents", null, 200));
        var detail = await ExpectAsync(kb, get, $"datasets/{ds}/documents/{doc}", null, 200);
        Support.Contract.AssertMatches("GET", "/datasets/{dataset_id}/documents/{document_id}", 200, detail);
        Assert.Equal("completed", detail["indexing_status"]!.GetValue<string>());
        var status = await ExpectAsync(kb, get, $"datasets/{ds}/documents/{batch}/indexing-status", null, 200);
        Support.Contract.AssertMatches("GET", "/datasets/{dataset_id}/documents/{batch}/indexing-status", 200, status);
        Assert.Equal(2, status["data"]![0]!["total_segments"]!.GetValue<int>());

        var updatedText = await ExpectAsync(kb, post, $"datasets/{ds}/documents/{doc}/update-by-text", new JsonObject { ["name"] = "leave.txt", ["text"] = "Annual leave is thirty days.\n\nSick leave needs a note after three days." }, 200);
        Support.Contract.AssertMatches("POST", "/datasets/{dataset_id}/documents/{document_id}/update-by-text", 200, updatedText);
        Assert.NotEqual(batch, updatedText["batch"]!.GetValue<string>());
        Support.Contract.AssertMatches("POST", "/datasets/{dataset_id}/documents/{document_id}/update-by-file", 200,
            await SendFormAsync(kb, post, $"datasets/{ds}/documents/{fileDoc}/update-by-file", FileForm("travel.md", "Travel is booked through the portal by the team assistant."), 200));
        Support.Contract.AssertMatches("PATCH", "/datasets/{dataset_id}/documents/{document_id}", 200,
            await SendFormAsync(kb, patch, $"datasets/{ds}/documents/{fileDoc}", FileForm("travel.md", "Travel is booked through the portal.\n\nTrains first."), 200));

        var download = await ExpectAsync(kb, get, $"datasets/{ds}/documents/{fileDoc}/download", null, 200);
        Support.Contract.AssertMatches("GET", "/datasets/{dataset_id}/documents/{document_id}/download", 200, download);
        using (var raw = new HttpClient())
            Assert.Equal("Travel is booked through the portal.\n\nTrains first.", await raw.GetStringAsync(new Uri(download["url"]!.GetValue<string>())));
        using (var zip = await kb.PostAsync($"datasets/{ds}/documents/download-zip", Http.Json(new JsonObject { ["document_ids"] = new JsonArray(doc, fileDoc) })))
        {
            Assert.Equal(HttpStatusCode.OK, zip.StatusCode);
            Assert.Equal("application/zip", zip.Content.Headers.ContentType?.MediaType);
            using var archive = new ZipArchive(await zip.Content.ReadAsStreamAsync());
            Assert.Equal(["leave.txt", "travel.md"], archive.Entries.Select(e => e.Name).Order());
        }

        Support.Contract.AssertMatches("PATCH", "/datasets/{dataset_id}/documents/status/{action}", 200,
            await ExpectAsync(kb, patch, $"datasets/{ds}/documents/status/disable", new JsonObject { ["document_ids"] = new JsonArray(fileDoc) }, 200));
        await ExpectAsync(kb, patch, $"datasets/{ds}/documents/status/enable", new JsonObject { ["document_ids"] = new JsonArray(fileDoc) }, 200);

        // Segments and child chunks.
        var segments = await ExpectAsync(kb, post, $"datasets/{ds}/documents/{doc}/segments", new JsonObject
        {
            ["segments"] = new JsonArray(new JsonObject { ["content"] = "Parental leave is sixteen weeks.", ["keywords"] = new JsonArray("parental", "leave") }),
        }, 200);
        Support.Contract.AssertMatches("POST", "/datasets/{dataset_id}/documents/{document_id}/segments", 200, segments);
        var seg = segments["data"]![0]!["id"]!.GetValue<string>();
        Support.Contract.AssertMatches("GET", "/datasets/{dataset_id}/documents/{document_id}/segments", 200, await ExpectAsync(kb, get, $"datasets/{ds}/documents/{doc}/segments", null, 200));
        Support.Contract.AssertMatches("GET", "/datasets/{dataset_id}/documents/{document_id}/segments/{segment_id}", 200, await ExpectAsync(kb, get, $"datasets/{ds}/documents/{doc}/segments/{seg}", null, 200));
        Support.Contract.AssertMatches("POST", "/datasets/{dataset_id}/documents/{document_id}/segments/{segment_id}", 200,
            await ExpectAsync(kb, post, $"datasets/{ds}/documents/{doc}/segments/{seg}", new JsonObject { ["segment"] = new JsonObject { ["content"] = "Parental leave is twenty weeks.", ["enabled"] = true } }, 200));
        var child = await ExpectAsync(kb, post, $"datasets/{ds}/documents/{doc}/segments/{seg}/child_chunks", new JsonObject { ["content"] = "Twenty weeks." }, 200);
        Support.Contract.AssertMatches("POST", "/datasets/{dataset_id}/documents/{document_id}/segments/{segment_id}/child_chunks", 200, child);
        var chunk = child["data"]!["id"]!.GetValue<string>();
        Support.Contract.AssertMatches("GET", "/datasets/{dataset_id}/documents/{document_id}/segments/{segment_id}/child_chunks", 200,
            await ExpectAsync(kb, get, $"datasets/{ds}/documents/{doc}/segments/{seg}/child_chunks", null, 200));
        Support.Contract.AssertMatches("PATCH", "/datasets/{dataset_id}/documents/{document_id}/segments/{segment_id}/child_chunks/{child_chunk_id}", 200,
            await ExpectAsync(kb, patch, $"datasets/{ds}/documents/{doc}/segments/{seg}/child_chunks/{chunk}", new JsonObject { ["content"] = "20 weeks." }, 200));
        await ExpectNoContentAsync(kb, delete, $"datasets/{ds}/documents/{doc}/segments/{seg}/child_chunks/{chunk}");

        // Retrieval.
        var retrieved = await ExpectAsync(kb, post, $"datasets/{ds}/retrieve", new JsonObject { ["query"] = "parental leave weeks" }, 200);
        Support.Contract.AssertMatches("POST", "/datasets/{dataset_id}/retrieve", 200, retrieved);
        Assert.Equal("Parental leave is twenty weeks.", retrieved["records"]![0]!["segment"]!["content"]!.GetValue<string>());
        await ExpectNoContentAsync(kb, delete, $"datasets/{ds}/documents/{doc}/segments/{seg}");

        // Tags.
        var tag = await ExpectAsync(kb, post, "datasets/tags", new JsonObject { ["name"] = "hr" }, 200);
        Support.Contract.AssertMatches("POST", "/datasets/tags", 200, tag);
        var tagId = tag["id"]!.GetValue<string>();
        await ExpectNoContentAsync(kb, post, "datasets/tags/binding", new JsonObject { ["tag_ids"] = new JsonArray(tagId), ["target_id"] = ds });
        var tags = await ExpectAsync(kb, get, "datasets/tags", null, 200);
        Support.Contract.AssertMatches("GET", "/datasets/tags", 200, tags);
        Assert.Equal("1", tags[0]!["binding_count"]!.GetValue<string>());
        Support.Contract.AssertMatches("PATCH", "/datasets/tags", 200, await ExpectAsync(kb, patch, "datasets/tags", new JsonObject { ["tag_id"] = tagId, ["name"] = "people" }, 200));
        var datasetTags = await ExpectAsync(kb, get, $"datasets/{ds}/tags", null, 200);
        Support.Contract.AssertMatches("GET", "/datasets/{dataset_id}/tags", 200, datasetTags);
        Assert.Equal("people", datasetTags["data"]![0]!["name"]!.GetValue<string>());
        await ExpectNoContentAsync(kb, post, "datasets/tags/unbinding", new JsonObject { ["tag_id"] = tagId, ["target_id"] = ds });
        await ExpectNoContentAsync(kb, delete, "datasets/tags", new JsonObject { ["tag_id"] = tagId });

        // Metadata.
        var field = await ExpectAsync(kb, post, $"datasets/{ds}/metadata", new JsonObject { ["type"] = "string", ["name"] = "owner" }, 201);
        Support.Contract.AssertMatches("POST", "/datasets/{dataset_id}/metadata", 201, field);
        var fieldId = field["id"]!.GetValue<string>();
        Support.Contract.AssertMatches("POST", "/datasets/{dataset_id}/documents/metadata", 200, await ExpectAsync(kb, post, $"datasets/{ds}/documents/metadata", new JsonObject
        {
            ["operation_data"] = new JsonArray(new JsonObject { ["document_id"] = doc, ["metadata_list"] = new JsonArray(new JsonObject { ["id"] = fieldId, ["name"] = "owner", ["value"] = "hr-team" }) }),
        }, 200));
        var fields = await ExpectAsync(kb, get, $"datasets/{ds}/metadata", null, 200);
        Support.Contract.AssertMatches("GET", "/datasets/{dataset_id}/metadata", 200, fields);
        Assert.Equal(1, fields["doc_metadata"]![0]!["count"]!.GetValue<int>());
        Support.Contract.AssertMatches("PATCH", "/datasets/{dataset_id}/metadata/{metadata_id}", 200, await ExpectAsync(kb, patch, $"datasets/{ds}/metadata/{fieldId}", new JsonObject { ["name"] = "team" }, 200));
        Support.Contract.AssertMatches("GET", "/datasets/{dataset_id}/metadata/built-in", 200, await ExpectAsync(kb, get, $"datasets/{ds}/metadata/built-in", null, 200));
        Support.Contract.AssertMatches("POST", "/datasets/{dataset_id}/metadata/built-in/{action}", 200, await ExpectAsync(kb, post, $"datasets/{ds}/metadata/built-in/enable", null, 200));
        await ExpectNoContentAsync(kb, delete, $"datasets/{ds}/metadata/{fieldId}");

        // Models.
        var models = await ExpectAsync(kb, get, "workspaces/current/models/model-types/text-embedding", null, 200);
        Support.Contract.AssertMatches("GET", "/workspaces/current/models/model-types/{model_type}", 200, models);
        Assert.Equal("text-embedding-3-small", models["data"]![0]!["models"]![0]!["model"]!.GetValue<string>());

        // RAG pipeline: upload, plugins, datasource node (SSE), run blocking and streaming.
        var upload = await SendFormAsync(kb, post, "datasets/pipeline/file-upload", FileForm("faq.txt", "Expenses are paid monthly."), 201);
        Support.Contract.AssertMatches("POST", "/datasets/pipeline/file-upload", 201, upload);
        var plugins = await ExpectAsync(kb, get, $"datasets/{ds}/pipeline/datasource-plugins?is_published=true", null, 200);
        Support.Contract.AssertMatches("GET", "/datasets/{dataset_id}/pipeline/datasource-plugins", 200, plugins);
        await using (var node = await SseStream.OpenAsync(kb, $"datasets/{ds}/pipeline/datasource/nodes/1719288585007/run",
            new JsonObject { ["inputs"] = new JsonObject { ["url"] = "https://docs.example.com" }, ["datasource_type"] = "website_crawl", ["is_published"] = true }))
        {
            await node.CompletionAsync();
            Assert.Equal(["datasource_processing", "datasource_completed"], node.Events.Select(e => e["event"]!.GetValue<string>()));
        }

        var run = await ExpectAsync(kb, post, $"datasets/{ds}/pipeline/run", PipelineBody(upload["id"]!.GetValue<string>(), "blocking"), 200);
        Assert.Equal("succeeded", run["data"]!["status"]!.GetValue<string>());
        await using (var stream = await SseStream.OpenAsync(kb, $"datasets/{ds}/pipeline/run", PipelineBody(upload["id"]!.GetValue<string>(), "streaming")))
        {
            await stream.CompletionAsync();
            Assert.Equal("workflow_finished", stream.Events[^1]["event"]!.GetValue<string>());
        }

        // Deletes last.
        await ExpectNoContentAsync(kb, delete, $"datasets/{ds}/documents/{doc}");
        await ExpectNoContentAsync(kb, delete, $"datasets/{ds}");
        await ExpectAsync(kb, get, $"datasets/{ds}", null, 404);

        var served = emulator.Stats.RequestsByOperation.Keys.ToHashSet();
        var missing = Support.Contract.KnowledgeOperations().Where(op => !served.Contains(op)).ToList();
        Assert.True(missing.Count == 0, "Knowledge operations not exercised: " + string.Join(", ", missing));
        Assert.Equal(46, Support.Contract.KnowledgeOperations().Count);
    }

    internal static JsonObject PipelineBody(string fileId, string mode) => new()
    {
        ["inputs"] = new JsonObject(),
        ["datasource_type"] = "local_file",
        ["datasource_info_list"] = new JsonArray(new JsonObject { ["reference"] = fileId, ["name"] = "faq.txt" }),
        ["start_node_id"] = "1719288585006",
        ["is_published"] = true,
        ["response_mode"] = mode,
    };
}
