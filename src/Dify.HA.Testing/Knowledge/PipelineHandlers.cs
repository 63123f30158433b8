using System.Text;
using System.Text.Json.Nodes;
using Dify.HA.Testing.Api;
using Dify.HA.Testing.Hosting;
using Microsoft.AspNetCore.Http;

namespace Dify.HA.Testing.Knowledge;

/// <summary>
/// The RAG pipeline endpoints. Every emulated dataset has one published pipeline with three datasource nodes
/// (<see cref="Nodes"/>) followed by a knowledge-index node; running it turns each datasource item into a document of the
/// dataset (one batch), indexed like any other document.
/// </summary>
internal static class PipelineHandlers
{
    /// <summary>(node id, type, plugin, provider, title) of the emulated pipeline's datasource nodes.</summary>
    public static readonly (string NodeId, string Type, string Plugin, string Provider, string Title)[] Nodes =
    [
        ("1719288585006", "local_file", "langgenius/file", "file", "File Upload"),
        ("1719288585007", "website_crawl", "langgenius/firecrawl_datasource", "firecrawl", "Firecrawl"),
        ("1719288585008", "online_document", "langgenius/notion_datasource", "notion", "Notion Documents"),
        ("1719288585009", "online_drive", "langgenius/google_drive_datasource", "google_drive", "Google Drive"),
    ];

    private static readonly string[] DatasourceTypes = ["local_file", "online_document", "website_crawl", "online_drive"];

    public static async Task UploadAsync(RequestScope scope)
    {
        if (!scope.Http.Request.HasFormContentType)
            throw new DifyApiError(400, "no_file_uploaded", "Please upload your file.");
        IFormCollection form;
        try
        {
            form = await scope.Http.Request.ReadFormAsync(scope.Http.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            throw new DifyApiError(400, "no_file_uploaded", "Please upload your file.");
        }

        if (form.Files.Count == 0)
            throw new DifyApiError(400, "no_file_uploaded", "Please upload your file.");
        if (form.Files.Count > 1)
            throw new DifyApiError(400, "too_many_files", "Only one file is allowed.");
        var file = await KnowledgeFiles.StoreAsync(scope, form.Files[0]).ConfigureAwait(false);
        await HttpAnswers.JsonAsync(scope.Http, 201, new JsonObject
        {
            ["id"] = file.Id.ToString(),
            ["name"] = file.Name,
            ["size"] = file.Content.Length,
            ["extension"] = file.Extension,
            ["mime_type"] = file.MimeType,
            ["created_by"] = file.EndUserId.ToString(),
            // This one answer carries an ISO time, as the spec says.
            ["created_at"] = file.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
        }).ConfigureAwait(false);
    }

    public static async Task PluginsAsync(RequestScope scope)
    {
        var store = KnowledgeRequest.Store(scope);
        lock (store.Gate)
        {
            _ = KnowledgeRequest.Dataset(scope);
        }

        var answer = KnowledgeRequest.Array(Nodes, n => new JsonObject
        {
            ["node_id"] = n.NodeId,
            ["plugin_id"] = n.Plugin,
            ["provider_name"] = n.Provider,
            ["datasource_type"] = n.Type,
            ["title"] = n.Title,
            ["user_input_variables"] = new JsonArray(),
            ["credentials"] = n.Type == "local_file"
                ? new JsonArray()
                : new JsonArray { new JsonObject { ["id"] = EmulatorApp.DeterministicGuid("credential:" + n.Provider).ToString(), ["name"] = "Emulated " + n.Provider, ["type"] = "api-key", ["is_default"] = true } },
        });
        await HttpAnswers.JsonAsync(scope.Http, 200, answer).ConfigureAwait(false);
    }

    /// <summary>SSE: <c>datasource_processing</c> then <c>datasource_completed</c> with what the datasource found.</summary>
    public static async Task RunNodeAsync(RequestScope scope)
    {
        var body = await scope.BodyAsync().ConfigureAwait(false);
        if (body["inputs"] is not JsonObject inputs)
            throw DifyApiError.InvalidParam("inputs is required");
        var type = RequestScope.String(body, "datasource_type");
        if (!DatasourceTypes.Contains(type))
            throw DifyApiError.InvalidParam("datasource_type: must be one of " + string.Join(", ", DatasourceTypes) + ".");
        if (KnowledgeRequest.Bool(body, "is_published") is null)
            throw DifyApiError.InvalidParam("is_published is required");
        var nodeId = scope.Route("node_id");
        var store = KnowledgeRequest.Store(scope);
        lock (store.Gate)
        {
            _ = KnowledgeRequest.Dataset(scope);
        }

        if (Nodes.All(n => n.NodeId != nodeId))
            throw DifyApiError.InvalidParam("Datasource node not found");
        var url = RequestScope.String(inputs, "url") ?? "https://example.invalid/docs";
        JsonArray data = type switch
        {
            "website_crawl" => [.. Enumerable.Range(1, 2).Select(i => (JsonNode)new JsonObject
            {
                ["source_url"] = $"{url.TrimEnd('/')}/page-{i}",
                ["title"] = $"Crawled page {i}",
                ["description"] = $"Page {i} of {url}",
                ["content"] = $"Content of crawled page {i} of {url}.",
                ["markdown"] = $"# Crawled page {i}\n\nContent of crawled page {i} of {url}.",
            })],
            "online_document" => [new JsonObject
            {
                ["workspace_id"] = "emulated-workspace",
                ["workspace_name"] = "Emulated workspace",
                ["workspace_icon"] = null,
                ["total"] = 1,
                ["pages"] = new JsonArray { new JsonObject { ["page_id"] = "emulated-page-1", ["page_name"] = "Emulated page", ["type"] = "page", ["last_edited_time"] = EmulatorJson.Iso(scope.Context.Now), ["page_icon"] = null, ["parent_id"] = null } },
            }],
            "online_drive" => [new JsonObject
            {
                ["bucket"] = RequestScope.String(inputs, "bucket") ?? "emulated-bucket",
                ["files"] = new JsonArray { new JsonObject { ["id"] = "emulated-file-1", ["name"] = "notes.txt", ["size"] = 128, ["type"] = "file" } },
                ["is_truncated"] = false,
                ["next_page_parameters"] = new JsonObject(),
            }],
            _ => [],
        };
        var http = scope.Http;
        SseWriter.WriteHeaders(http);
        await WriteEventAsync(http, new JsonObject { ["event"] = "datasource_processing", ["total"] = data.Count, ["completed"] = 0 }).ConfigureAwait(false);
        await WriteEventAsync(http, new JsonObject { ["event"] = "datasource_completed", ["data"] = data, ["total"] = data.Count, ["completed"] = data.Count, ["time_consuming"] = 0.01 }).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs the pipeline: each datasource item becomes a document (a local file by its upload id, other items by a
    /// stand-in text). Input <c>emulator_fail: true</c> fails the run (blocking: 500 pipeline_run_error; streaming:
    /// <c>workflow_finished</c> with status failed).
    /// </summary>
    public static async Task RunAsync(RequestScope scope)
    {
        var body = await scope.BodyAsync().ConfigureAwait(false);
        if (body["inputs"] is not JsonObject inputs)
            throw DifyApiError.InvalidParam("inputs is required");
        var type = RequestScope.String(body, "datasource_type");
        if (!DatasourceTypes.Contains(type))
            throw DifyApiError.InvalidParam("datasource_type: must be one of " + string.Join(", ", DatasourceTypes) + ".");
        if (body["datasource_info_list"] is not JsonArray infos || infos.Count == 0)
            throw DifyApiError.InvalidParam("datasource_info_list is required");
        var startNode = KnowledgeRequest.RequireString(body, "start_node_id");
        if (KnowledgeRequest.Bool(body, "is_published") is null)
            throw DifyApiError.InvalidParam("is_published is required");
        var mode = RequestScope.String(body, "response_mode");
        if (mode is not ("streaming" or "blocking"))
            throw DifyApiError.InvalidParam("response_mode: must be 'streaming' or 'blocking'.");
        var fail = inputs["emulator_fail"] is JsonValue f && (f.TryGetValue<bool>(out var b) ? b : f.TryGetValue<string>(out var s) && s == "true");
        if (fail && mode == "blocking")
            throw new DifyApiError(500, "pipeline_run_error", "Pipeline execution failed: emulated failure (inputs.emulator_fail).");

        var store = KnowledgeRequest.Store(scope);
        var now = scope.Context.Now;
        var runId = Guid.NewGuid();
        var taskId = Guid.NewGuid();
        string batch;
        var documents = new JsonArray();
        lock (store.Gate)
        {
            var dataset = KnowledgeRequest.Dataset(scope);
            var items = new List<(string Name, string Text, Store.StoredFile? File)>();
            foreach (var info in infos.OfType<JsonObject>())
            {
                if (type == "local_file")
                {
                    if (RequestScope.ParseGuid(RequestScope.String(info, "reference") ?? RequestScope.String(info, "related_id")) is not { } fileId || !store.Files.TryGetValue(fileId, out var file))
                        throw DifyApiError.InvalidParam("File not found.");
                    items.Add((file.Name, KnowledgeFiles.TextOf(file), file));
                }
                else
                {
                    var name = RequestScope.String(info, "title") ?? RequestScope.String(info, "name") ?? RequestScope.String(info, "url") ?? "Untitled";
                    items.Add((name, $"{name}\n\nContent fetched by the {type} datasource: {info.ToJsonString()}", null));
                }
            }

            dataset.IndexingTechnique ??= "high_quality";
            DatasetHandlers.SetEmbedding(dataset, []);
            dataset.DocForm ??= "text_model";
            batch = store.NextBatch(now);
            foreach (var (name, text, file) in items)
            {
                var document = new StoredDocument
                {
                    Id = Guid.NewGuid(),
                    DatasetId = dataset.Id,
                    Position = dataset.NextDocumentPosition++,
                    Name = name,
                    FileId = (file ?? KnowledgeFiles.StoreText(scope, name, text)).Id,
                    Text = text,
                    DocForm = dataset.DocForm,
                    Batch = batch,
                    IndexingStartedAt = now,
                    FailIndexing = text.Contains(IndexingClock.ErrorMarker, StringComparison.Ordinal),
                    CreatedAt = now,
                    UpdatedAt = now,
                };
                store.Documents[document.Id] = document;
                DocumentSplitter.Split(store, document, now);
                documents.Add(new JsonObject { ["id"] = document.Id.ToString(), ["name"] = document.Name, ["indexing_status"] = KnowledgeRequest.Progress(scope, document).Status });
            }
        }

        var created = EmulatorJson.Unix(now);
        var outputs = new JsonObject { ["batch"] = batch, ["documents"] = documents };
        if (mode == "blocking")
        {
            await HttpAnswers.JsonAsync(scope.Http, 200, new JsonObject
            {
                ["task_id"] = taskId.ToString(),
                ["workflow_run_id"] = runId.ToString(),
                ["data"] = new JsonObject
                {
                    ["id"] = runId.ToString(),
                    ["status"] = "succeeded",
                    ["outputs"] = outputs,
                    ["error"] = null,
                    ["elapsed_time"] = 0.05,
                    ["total_tokens"] = 0,
                    ["total_steps"] = 2,
                    ["created_at"] = created,
                    ["finished_at"] = created,
                },
            }).ConfigureAwait(false);
            return;
        }

        var http = scope.Http;
        SseWriter.WriteHeaders(http);
        JsonObject Event(string name, JsonObject data) => new() { ["event"] = name, ["task_id"] = taskId.ToString(), ["workflow_run_id"] = runId.ToString(), ["data"] = data };
        await WriteEventAsync(http, Event("workflow_started", new JsonObject { ["id"] = runId.ToString(), ["inputs"] = inputs.DeepClone(), ["created_at"] = created })).ConfigureAwait(false);
        var nodes = new[] { (startNode, "datasource", "Datasource"), ("knowledge-index", "knowledge-index", "Knowledge Base") };
        foreach (var (nodeId, nodeType, title) in nodes)
        {
            var executionId = Guid.NewGuid().ToString();
            await WriteEventAsync(http, Event("node_started", new JsonObject { ["id"] = executionId, ["node_id"] = nodeId, ["node_type"] = nodeType, ["title"] = title, ["index"] = 1, ["inputs"] = null, ["created_at"] = created })).ConfigureAwait(false);
            var nodeFailed = fail && nodeType == "knowledge-index";
            await WriteEventAsync(http, Event("node_finished", new JsonObject
            {
                ["id"] = executionId,
                ["node_id"] = nodeId,
                ["node_type"] = nodeType,
                ["title"] = title,
                ["status"] = nodeFailed ? "failed" : "succeeded",
                ["inputs"] = null,
                ["outputs"] = nodeType == "knowledge-index" && !nodeFailed ? outputs.DeepClone() : null,
                ["error"] = nodeFailed ? "Emulated failure (inputs.emulator_fail)." : null,
                ["elapsed_time"] = 0.02,
                ["created_at"] = created,
                ["finished_at"] = created,
            })).ConfigureAwait(false);
        }

        await WriteEventAsync(http, Event("workflow_finished", new JsonObject
        {
            ["id"] = runId.ToString(),
            ["status"] = fail ? "failed" : "succeeded",
            ["outputs"] = fail ? new JsonObject() : outputs.DeepClone(),
            ["error"] = fail ? "Emulated failure (inputs.emulator_fail)." : null,
            ["total_tokens"] = 0,
            ["total_steps"] = 2,
            ["elapsed_time"] = 0.05,
            ["created_at"] = created,
            ["finished_at"] = created,
        })).ConfigureAwait(false);
    }

    private static async Task WriteEventAsync(HttpContext http, JsonObject data)
    {
        var bytes = Encoding.UTF8.GetBytes("data: " + data.ToJsonString(EmulatorJson.Options) + "\n\n");
        await http.Response.Body.WriteAsync(bytes, http.RequestAborted).ConfigureAwait(false);
        await http.Response.Body.FlushAsync(http.RequestAborted).ConfigureAwait(false);
    }
}
