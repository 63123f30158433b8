using System.IO.Compression;
using System.Text.Json.Nodes;
using Dify.HA.Testing.Api;
using Dify.HA.Testing.Hosting;
using Dify.HA.Testing.Store;

namespace Dify.HA.Testing.Knowledge;

/// <summary>Documents: create and update by text or file, list, detail, delete, status, indexing status, downloads.</summary>
internal static class DocumentHandlers
{
    private static readonly string[] DocForms = ["text_model", "hierarchical_model", "qa_model"];
    private static readonly string[] DisplayStatuses = ["queuing", "indexing", "paused", "error", "available", "disabled", "archived"];

    public static async Task CreateByTextAsync(RequestScope scope)
    {
        var body = await scope.BodyAsync().ConfigureAwait(false);
        var name = KnowledgeRequest.RequireString(body, "name");
        var text = RequestScope.String(body, "text") ?? throw DifyApiError.InvalidParam("text is required");
        await CreateAsync(scope, body, name, text, file: null).ConfigureAwait(false);
    }

    public static async Task CreateByFileAsync(RequestScope scope)
    {
        var (file, data) = await KnowledgeFiles.ReadAsync(scope, fileRequired: true).ConfigureAwait(false);
        await CreateAsync(scope, data, file!.Name, KnowledgeFiles.TextOf(file), file).ConfigureAwait(false);
    }

    public static async Task UpdateByTextAsync(RequestScope scope)
    {
        var body = await scope.BodyAsync().ConfigureAwait(false);
        var text = RequestScope.String(body, "text");
        var name = RequestScope.String(body, "name");
        if (text is not null && string.IsNullOrEmpty(name))
            throw DifyApiError.InvalidParam("name is required when text is provided.");
        await UpdateAsync(scope, body, name, text, file: null).ConfigureAwait(false);
    }

    /// <summary>POST …/update-by-file and PATCH …/documents/{id} (multipart, file optional).</summary>
    public static async Task UpdateByFileAsync(RequestScope scope)
    {
        var (file, data) = await KnowledgeFiles.ReadAsync(scope, fileRequired: false).ConfigureAwait(false);
        await UpdateAsync(scope, data, file?.Name ?? RequestScope.String(data, "name"), file is null ? null : KnowledgeFiles.TextOf(file), file).ConfigureAwait(false);
    }

    public static async Task ListAsync(RequestScope scope)
    {
        var (page, limit) = KnowledgeRequest.Paging(scope);
        var keyword = scope.Query("keyword");
        var status = scope.Query("status");
        if (status is not null && !DisplayStatuses.Contains(status))
            throw DifyApiError.InvalidParam("status: must be one of " + string.Join(", ", DisplayStatuses) + ".");
        var store = KnowledgeRequest.Store(scope);
        JsonObject answer;
        lock (store.Gate)
        {
            var dataset = KnowledgeRequest.Dataset(scope);
            var all = store.DocumentsOf(dataset.Id)
                .Where(d => string.IsNullOrEmpty(keyword) || d.Name.Contains(keyword, StringComparison.OrdinalIgnoreCase))
                .Where(d => status is null || IndexingClock.DisplayStatus(d, KnowledgeRequest.Progress(scope, d)) == status)
                .OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Position)
                .ToList();
            answer = KnowledgeRequest.Page(KnowledgeRequest.Array(all.Skip((page - 1) * limit).Take(limit), d => KnowledgeJson.Document(scope, d)), page, limit, all.Count);
        }

        await HttpAnswers.JsonAsync(scope.Http, 200, answer).ConfigureAwait(false);
    }

    public static async Task GetAsync(RequestScope scope)
    {
        var metadata = scope.Query("metadata") ?? "all";
        if (metadata is not ("all" or "only" or "without"))
            throw new DifyApiError(400, "invalid_metadata", "Invalid metadata value: " + metadata);
        var store = KnowledgeRequest.Store(scope);
        JsonObject answer;
        lock (store.Gate)
        {
            var document = KnowledgeRequest.Document(scope, KnowledgeRequest.Dataset(scope));
            answer = KnowledgeJson.DocumentDetail(scope, document);
            if (metadata == "only")
                answer = new JsonObject { ["id"] = answer["id"]!.DeepClone(), ["doc_type"] = null, ["doc_metadata"] = answer["doc_metadata"]!.DeepClone() };
            else if (metadata == "without")
                answer.Remove("doc_metadata");
        }

        await HttpAnswers.JsonAsync(scope.Http, 200, answer).ConfigureAwait(false);
    }

    public static async Task DeleteAsync(RequestScope scope)
    {
        var store = KnowledgeRequest.Store(scope);
        lock (store.Gate)
        {
            var dataset = KnowledgeRequest.Dataset(scope);
            var document = RequestScope.ParseGuid(scope.Route("document_id")) is { } id && store.Documents.TryGetValue(id, out var found) && found.DatasetId == dataset.Id
                ? found
                : throw new DifyApiError(404, "not_found", "Document Not Exists.");
            if (document.Archived)
                throw new DifyApiError(403, "archived_document_immutable", "The archived document is not editable.");
            store.RemoveDocument(document);
        }

        await HttpAnswers.NoContent(scope.Http).ConfigureAwait(false);
    }

    public static async Task IndexingStatusAsync(RequestScope scope)
    {
        var batch = scope.Route("batch");
        var store = KnowledgeRequest.Store(scope);
        JsonObject answer;
        lock (store.Gate)
        {
            var dataset = KnowledgeRequest.Dataset(scope);
            var documents = store.DocumentsOf(dataset.Id).Where(d => d.Batch == batch).ToList();
            if (documents.Count == 0)
                throw new DifyApiError(404, "not_found", "Documents not found.");
            answer = new JsonObject { ["data"] = KnowledgeRequest.Array(documents, d => KnowledgeJson.IndexingStatus(d, KnowledgeRequest.Progress(scope, d))) };
        }

        await HttpAnswers.JsonAsync(scope.Http, 200, answer).ConfigureAwait(false);
    }

    public static async Task DownloadAsync(RequestScope scope)
    {
        var store = KnowledgeRequest.Store(scope);
        string url;
        lock (store.Gate)
        {
            var document = KnowledgeRequest.Document(scope, KnowledgeRequest.Dataset(scope));
            if (!store.Files.TryGetValue(document.FileId, out var file))
                throw new DifyApiError(404, "not_found", "Uploaded file not found.");
            url = KnowledgeFiles.SignedUrl(scope, file);
        }

        await HttpAnswers.JsonAsync(scope.Http, 200, new JsonObject { ["url"] = url }).ConfigureAwait(false);
    }

    /// <summary>A ZIP of the documents' uploaded files (a name used twice gets a " (n)" suffix, as Dify does).</summary>
    public static async Task DownloadZipAsync(RequestScope scope)
    {
        var body = await scope.BodyAsync().ConfigureAwait(false);
        var ids = KnowledgeRequest.Strings(body["document_ids"]);
        if (ids.Count == 0)
            throw DifyApiError.InvalidParam("document_ids is required");
        var store = KnowledgeRequest.Store(scope);
        var files = new List<StoredFile>();
        lock (store.Gate)
        {
            var dataset = KnowledgeRequest.Dataset(scope);
            foreach (var id in ids)
            {
                if (RequestScope.ParseGuid(id) is not { } guid || !store.Documents.TryGetValue(guid, out var document) || document.DatasetId != dataset.Id)
                    throw KnowledgeErrors.DocumentNotFound();
                files.Add(store.Files.TryGetValue(document.FileId, out var file) ? file : throw new DifyApiError(404, "not_found", "Only uploaded-file documents can be downloaded as ZIP."));
            }
        }

        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var used = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            foreach (var file in files)
            {
                var name = file.Name;
                if (used.TryGetValue(name, out var n))
                {
                    used[name] = n + 1;
                    name = $"{Path.GetFileNameWithoutExtension(file.Name)} ({n}){Path.GetExtension(file.Name)}";
                }
                else
                {
                    used[name] = 1;
                }

                var entry = zip.CreateEntry(name, CompressionLevel.Fastest);
                var stream = await entry.OpenAsync(scope.Http.RequestAborted).ConfigureAwait(false);
                await using (stream.ConfigureAwait(false))
                    await stream.WriteAsync(file.Content, scope.Http.RequestAborted).ConfigureAwait(false);
            }
        }

        var bytes = buffer.ToArray();
        var http = scope.Http;
        http.Response.StatusCode = 200;
        http.Response.ContentType = "application/zip";
        http.Response.ContentLength = bytes.Length;
        http.Response.Headers.ContentDisposition = "attachment; filename=\"documents.zip\"";
        await http.Response.Body.WriteAsync(bytes, http.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>PATCH …/documents/status/{enable|disable|archive|un_archive} for a list of documents.</summary>
    public static async Task BatchStatusAsync(RequestScope scope)
    {
        var action = scope.Route("action");
        if (action is not ("enable" or "disable" or "archive" or "un_archive"))
            throw new DifyApiError(400, "invalid_action", "Invalid action.");
        var body = await scope.BodyAsync().ConfigureAwait(false);
        var ids = KnowledgeRequest.Strings(body["document_ids"]);
        var store = KnowledgeRequest.Store(scope);
        var now = scope.Context.Now;
        lock (store.Gate)
        {
            var dataset = KnowledgeRequest.Dataset(scope);
            var documents = new List<StoredDocument>();
            foreach (var id in ids)
            {
                if (RequestScope.ParseGuid(id) is not { } guid || !store.Documents.TryGetValue(guid, out var document) || document.DatasetId != dataset.Id)
                    throw KnowledgeErrors.DocumentNotFound();
                if (action is "enable" or "disable" && !KnowledgeRequest.Progress(scope, document).IsCompleted)
                    throw new DifyApiError(400, "invalid_action", $"Document: {document.Name} is not completed.");
                documents.Add(document);
            }

            foreach (var document in documents)
            {
                switch (action)
                {
                    case "enable":
                        document.Enabled = true;
                        document.DisabledAt = null;
                        break;
                    case "disable":
                        document.Enabled = false;
                        document.DisabledAt ??= now;
                        break;
                    case "archive":
                        document.Archived = true;
                        break;
                    default:
                        document.Archived = false;
                        break;
                }

                document.UpdatedAt = now;
            }
        }

        await HttpAnswers.SuccessAsync(scope.Http).ConfigureAwait(false);
    }

    private static async Task CreateAsync(RequestScope scope, JsonObject settings, string name, string text, StoredFile? file)
    {
        var docForm = RequestScope.String(settings, "doc_form") ?? "text_model";
        if (!DocForms.Contains(docForm))
            throw DifyApiError.InvalidParam("Invalid doc_form.");
        var technique = RequestScope.String(settings, "indexing_technique");
        if (technique is not null && technique is not ("high_quality" or "economy"))
            throw DifyApiError.InvalidParam("Invalid indexing technique.");
        var store = KnowledgeRequest.Store(scope);
        var now = scope.Context.Now;
        JsonObject answer;
        lock (store.Gate)
        {
            var dataset = KnowledgeRequest.Dataset(scope);
            if (dataset.IndexingTechnique is null)
            {
                // Dify: the first document of a dataset must choose the indexing technique.
                dataset.IndexingTechnique = technique ?? throw DifyApiError.InvalidParam("indexing_technique is required.");
                DatasetHandlers.SetEmbedding(dataset, settings);
            }

            if (KnowledgeRequest.Object(settings, "retrieval_model") is { } retrieval)
                dataset.RetrievalModel ??= retrieval.DeepClone().AsObject();
            dataset.DocForm ??= docForm;
            file ??= KnowledgeFiles.StoreText(scope, name, text);
            var document = new StoredDocument
            {
                Id = Guid.NewGuid(),
                DatasetId = dataset.Id,
                Position = dataset.NextDocumentPosition++,
                Name = name,
                FileId = file.Id,
                Text = text,
                DocForm = docForm,
                DocLanguage = RequestScope.String(settings, "doc_language") ?? "English",
                ProcessRule = KnowledgeRequest.Object(settings, "process_rule")?.DeepClone() as JsonObject,
                Batch = store.NextBatch(now),
                IndexingStartedAt = now,
                FailIndexing = text.Contains(IndexingClock.ErrorMarker, StringComparison.Ordinal) || name.Contains(IndexingClock.ErrorMarker, StringComparison.Ordinal),
                CreatedAt = now,
                UpdatedAt = now,
            };
            store.Documents[document.Id] = document;
            DocumentSplitter.Split(store, document, now);
            dataset.UpdatedAt = now;
            answer = new JsonObject { ["document"] = KnowledgeJson.Document(scope, document), ["batch"] = document.Batch };
        }

        await HttpAnswers.JsonAsync(scope.Http, 200, answer).ConfigureAwait(false);
    }

    private static async Task UpdateAsync(RequestScope scope, JsonObject settings, string? name, string? text, StoredFile? file)
    {
        var docForm = RequestScope.String(settings, "doc_form");
        if (docForm is not null && !DocForms.Contains(docForm))
            throw DifyApiError.InvalidParam("Invalid doc_form.");
        var store = KnowledgeRequest.Store(scope);
        var now = scope.Context.Now;
        JsonObject answer;
        lock (store.Gate)
        {
            var dataset = KnowledgeRequest.Dataset(scope);
            var document = KnowledgeRequest.Document(scope, dataset);
            if (IndexingClock.DisplayStatus(document, KnowledgeRequest.Progress(scope, document)) != "available")
                throw DifyApiError.InvalidParam("Document is not available");
            if (!string.IsNullOrEmpty(name))
                document.Name = name;
            if (docForm is not null)
                document.DocForm = docForm;
            if (KnowledgeRequest.Object(settings, "process_rule") is { } rule)
                document.ProcessRule = rule.DeepClone().AsObject();
            if (text is not null)
            {
                document.Text = text;
                document.FileId = (file ?? KnowledgeFiles.StoreText(scope, document.Name, text)).Id;
            }

            // Any update re-indexes under a new batch, as Dify does.
            document.Batch = store.NextBatch(now);
            document.IndexingStartedAt = now;
            document.FailIndexing = document.Text.Contains(IndexingClock.ErrorMarker, StringComparison.Ordinal);
            document.UpdatedAt = now;
            foreach (var segment in store.SegmentsOf(document.Id).ToList())
                store.Segments.Remove(segment.Id);
            DocumentSplitter.Split(store, document, now);
            answer = new JsonObject { ["document"] = KnowledgeJson.Document(scope, document), ["batch"] = document.Batch };
        }

        await HttpAnswers.JsonAsync(scope.Http, 200, answer).ConfigureAwait(false);
    }
}
