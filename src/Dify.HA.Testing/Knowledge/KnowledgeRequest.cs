using System.Text.Json.Nodes;
using Dify.HA.Testing.Api;
using Dify.HA.Testing.Hosting;

namespace Dify.HA.Testing.Knowledge;

/// <summary>Lookups and body helpers shared by the knowledge handlers. Lookups run under <see cref="KnowledgeStore.Gate"/>.</summary>
internal static class KnowledgeRequest
{
    public static KnowledgeStore Store(RequestScope scope) => scope.Context.Store.Knowledge;

    /// <summary>The workspace owner the dataset key acts as (Dify records the key's tenant owner as creator).</summary>
    public static Guid Account(RequestScope scope) => EmulatorApp.DeterministicGuid("account:" + scope.Context.Store.Name);

    public static Guid Tenant(RequestScope scope) => EmulatorApp.DeterministicGuid("tenant:" + scope.Context.Store.Name);

    public static StoredDataset Dataset(RequestScope scope) =>
        RequestScope.ParseGuid(scope.Route("dataset_id")) is { } id && Store(scope).Datasets.TryGetValue(id, out var dataset)
            ? dataset
            : throw KnowledgeErrors.DatasetNotFound();

    public static StoredDocument Document(RequestScope scope, StoredDataset dataset) =>
        RequestScope.ParseGuid(scope.Route("document_id")) is { } id && Store(scope).Documents.TryGetValue(id, out var document) && document.DatasetId == dataset.Id
            ? document
            : throw KnowledgeErrors.DocumentNotFound();

    public static StoredSegment Segment(RequestScope scope, StoredDocument document) =>
        RequestScope.ParseGuid(scope.Route("segment_id")) is { } id && Store(scope).Segments.TryGetValue(id, out var segment) && segment.DocumentId == document.Id
            ? segment
            : throw KnowledgeErrors.SegmentNotFound();

    public static IndexingProgress Progress(RequestScope scope, StoredDocument document) =>
        IndexingClock.Progress(document, Store(scope).SegmentsOf(document.Id).Count(), scope.Context.Now, scope.Context.Options.IndexingStepDuration);

    public static bool? Bool(JsonObject body, string name) =>
        body[name] is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;

    public static int? Int(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<int>(out var i) ? i : node is JsonValue d && d.TryGetValue<double>(out var x) ? (int)x : null;

    public static double? Double(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<double>(out var d) ? d : null;

    public static List<string> Strings(JsonNode? node) =>
        node is JsonArray array ? [.. array.OfType<JsonValue>().Select(v => v.TryGetValue<string>(out var s) ? s : null).OfType<string>()] : [];

    public static JsonObject? Object(JsonObject body, string name) => body[name] as JsonObject;

    public static string RequireString(JsonObject body, string name) =>
        RequestScope.String(body, name) is { Length: > 0 } value ? value : throw DifyApiError.InvalidParam($"{name} is required");

    /// <summary>Dify's page/limit paging: page ≥ 1 (default 1), limit 1–100 (default 20).</summary>
    public static (int Page, int Limit) Paging(RequestScope scope) =>
        (scope.IntQuery("page", 1, 1, 99999), scope.IntQuery("limit", 20, 1, 100));

    public static JsonObject Page(JsonArray data, int page, int limit, int total) => new()
    {
        ["data"] = data,
        ["has_more"] = page * limit < total,
        ["limit"] = limit,
        ["total"] = total,
        ["page"] = page,
    };

    public static JsonArray Array<T>(IEnumerable<T> items, Func<T, JsonNode> map)
    {
        var array = new JsonArray();
        foreach (var item in items)
            array.Add(map(item));
        return array;
    }
}
