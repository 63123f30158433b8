using System.Text.Json.Nodes;
using Dify.HA.Testing.Api;
using Dify.HA.Testing.Hosting;

namespace Dify.HA.Testing.Knowledge;

/// <summary>Custom metadata fields of a dataset, the built-in fields switch, and batch updates of documents' values.</summary>
internal static class MetadataHandlers
{
    private static readonly string[] BuiltInNames = ["document_name", "uploader", "upload_date", "last_update_date", "source"];

    public static async Task CreateAsync(RequestScope scope)
    {
        var body = await scope.BodyAsync().ConfigureAwait(false);
        var type = RequestScope.String(body, "type");
        if (type is not ("string" or "number" or "time"))
            throw DifyApiError.InvalidParam("type: must be 'string', 'number' or 'time'.");
        var name = RequestScope.String(body, "name");
        var store = KnowledgeRequest.Store(scope);
        JsonObject answer;
        lock (store.Gate)
        {
            var dataset = KnowledgeRequest.Dataset(scope);
            CheckName(dataset, name, except: null);
            var field = new StoredMetadataField { Id = Guid.NewGuid(), Name = name!, Type = type };
            dataset.MetadataFields.Add(field);
            answer = Json(field);
        }

        await HttpAnswers.JsonAsync(scope.Http, 201, answer).ConfigureAwait(false);
    }

    public static async Task ListAsync(RequestScope scope)
    {
        var store = KnowledgeRequest.Store(scope);
        JsonObject answer;
        lock (store.Gate)
        {
            var dataset = KnowledgeRequest.Dataset(scope);
            var documents = store.DocumentsOf(dataset.Id).ToList();
            answer = new JsonObject
            {
                ["doc_metadata"] = KnowledgeRequest.Array(dataset.MetadataFields, f => new JsonObject
                {
                    ["id"] = f.Id.ToString(),
                    ["name"] = f.Name,
                    ["type"] = f.Type,
                    ["count"] = documents.Count(d => d.Metadata.ContainsKey(f.Id)),
                }),
                ["built_in_field_enabled"] = dataset.BuiltInFieldEnabled,
            };
        }

        await HttpAnswers.JsonAsync(scope.Http, 200, answer).ConfigureAwait(false);
    }

    public static async Task UpdateAsync(RequestScope scope)
    {
        var body = await scope.BodyAsync().ConfigureAwait(false);
        var name = RequestScope.String(body, "name");
        var store = KnowledgeRequest.Store(scope);
        JsonObject answer;
        lock (store.Gate)
        {
            var dataset = KnowledgeRequest.Dataset(scope);
            var field = Find(scope, dataset);
            CheckName(dataset, name, except: field);
            field.Name = name!;
            answer = Json(field);
        }

        await HttpAnswers.JsonAsync(scope.Http, 200, answer).ConfigureAwait(false);
    }

    public static async Task DeleteAsync(RequestScope scope)
    {
        var store = KnowledgeRequest.Store(scope);
        lock (store.Gate)
        {
            var dataset = KnowledgeRequest.Dataset(scope);
            var field = Find(scope, dataset);
            dataset.MetadataFields.Remove(field);
            foreach (var document in store.DocumentsOf(dataset.Id))
                document.Metadata.Remove(field.Id);
        }

        await HttpAnswers.NoContent(scope.Http).ConfigureAwait(false);
    }

    public static async Task BuiltInAsync(RequestScope scope)
    {
        var store = KnowledgeRequest.Store(scope);
        lock (store.Gate)
        {
            _ = KnowledgeRequest.Dataset(scope);
        }

        var fields = new JsonArray
        {
            new JsonObject { ["name"] = "document_name", ["type"] = "string" },
            new JsonObject { ["name"] = "uploader", ["type"] = "string" },
            new JsonObject { ["name"] = "upload_date", ["type"] = "time" },
            new JsonObject { ["name"] = "last_update_date", ["type"] = "time" },
            new JsonObject { ["name"] = "source", ["type"] = "string" },
        };
        await HttpAnswers.JsonAsync(scope.Http, 200, new JsonObject { ["fields"] = fields }).ConfigureAwait(false);
    }

    public static async Task ToggleBuiltInAsync(RequestScope scope)
    {
        var action = scope.Route("action");
        if (action is not ("enable" or "disable"))
            throw DifyApiError.InvalidParam("action must be 'enable' or 'disable'.");
        var store = KnowledgeRequest.Store(scope);
        lock (store.Gate)
        {
            KnowledgeRequest.Dataset(scope).BuiltInFieldEnabled = action == "enable";
        }

        await HttpAnswers.SuccessAsync(scope.Http).ConfigureAwait(false);
    }

    /// <summary>POST …/documents/metadata: sets documents' values; without partial_update the list replaces them all.</summary>
    public static async Task UpdateDocumentsAsync(RequestScope scope)
    {
        var body = await scope.BodyAsync().ConfigureAwait(false);
        if (body["operation_data"] is not JsonArray operations)
            throw DifyApiError.InvalidParam("operation_data is required");
        var store = KnowledgeRequest.Store(scope);
        lock (store.Gate)
        {
            var dataset = KnowledgeRequest.Dataset(scope);
            var planned = new List<(StoredDocument Document, bool Partial, List<(Guid Field, string? Value)> Values)>();
            foreach (var operation in operations.OfType<JsonObject>())
            {
                if (RequestScope.ParseGuid(RequestScope.String(operation, "document_id")) is not { } id
                    || !store.Documents.TryGetValue(id, out var document) || document.DatasetId != dataset.Id)
                {
                    throw DifyApiError.InvalidParam("Document not found.");
                }

                var values = new List<(Guid, string?)>();
                foreach (var item in (operation["metadata_list"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    if (RequestScope.String(item, "id") is "built-in")
                        continue;
                    if (RequestScope.ParseGuid(RequestScope.String(item, "id")) is not { } fieldId || dataset.MetadataFields.All(f => f.Id != fieldId))
                        throw DifyApiError.InvalidParam("Metadata not found.");
                    var value = item["value"] is JsonValue v ? (v.TryGetValue<string>(out var s) ? s : v.ToJsonString()) : null;
                    values.Add((fieldId, value));
                }

                planned.Add((document, KnowledgeRequest.Bool(operation, "partial_update") == true, values));
            }

            foreach (var (document, partial, values) in planned)
            {
                if (!partial)
                    document.Metadata.Clear();
                foreach (var (field, value) in values)
                    document.Metadata[field] = value;
                document.UpdatedAt = scope.Context.Now;
            }
        }

        await HttpAnswers.SuccessAsync(scope.Http).ConfigureAwait(false);
    }

    private static void CheckName(StoredDataset dataset, string? name, StoredMetadataField? except)
    {
        if (string.IsNullOrWhiteSpace(name))
            throw DifyApiError.InvalidParam("name is required");
        if (name.Length > 255)
            throw DifyApiError.InvalidParam("Metadata name cannot exceed 255 characters.");
        if (BuiltInNames.Contains(name))
            throw DifyApiError.InvalidParam("Metadata name already exists in Built-in fields.");
        if (dataset.MetadataFields.Any(f => f != except && f.Name == name))
            throw DifyApiError.InvalidParam("Metadata name already exists.");
    }

    private static StoredMetadataField Find(RequestScope scope, StoredDataset dataset) =>
        RequestScope.ParseGuid(scope.Route("metadata_id")) is { } id && dataset.MetadataFields.Find(f => f.Id == id) is { } field
            ? field
            : throw KnowledgeErrors.MetadataNotFound();

    private static JsonObject Json(StoredMetadataField field) => new() { ["id"] = field.Id.ToString(), ["name"] = field.Name, ["type"] = field.Type };
}
