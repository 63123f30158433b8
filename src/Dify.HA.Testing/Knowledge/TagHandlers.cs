using System.Text.Json.Nodes;
using Dify.HA.Testing.Api;
using Dify.HA.Testing.Hosting;

namespace Dify.HA.Testing.Knowledge;

/// <summary>Knowledge tags of the workspace and their bindings to datasets.</summary>
internal static class TagHandlers
{
    public static async Task CreateAsync(RequestScope scope)
    {
        var body = await scope.BodyAsync().ConfigureAwait(false);
        var name = ValidName(RequestScope.String(body, "name"));
        var store = KnowledgeRequest.Store(scope);
        JsonObject answer;
        lock (store.Gate)
        {
            if (store.Tags.Values.Any(t => t.Name == name))
                throw DifyApiError.InvalidParam("Tag name already exists");
            var tag = new StoredTag { Id = Guid.NewGuid(), Name = name, CreatedAt = scope.Context.Now };
            store.Tags[tag.Id] = tag;
            answer = KnowledgeJson.Tag(store, tag);
        }

        await HttpAnswers.JsonAsync(scope.Http, 200, answer).ConfigureAwait(false);
    }

    /// <summary>A bare JSON array, as Dify answers this one.</summary>
    public static async Task ListAsync(RequestScope scope)
    {
        var store = KnowledgeRequest.Store(scope);
        JsonArray answer;
        lock (store.Gate)
        {
            answer = KnowledgeRequest.Array(store.Tags.Values.OrderBy(t => t.CreatedAt), t => KnowledgeJson.Tag(store, t));
        }

        await HttpAnswers.JsonAsync(scope.Http, 200, answer).ConfigureAwait(false);
    }

    public static async Task UpdateAsync(RequestScope scope)
    {
        var body = await scope.BodyAsync().ConfigureAwait(false);
        var name = ValidName(RequestScope.String(body, "name"));
        var store = KnowledgeRequest.Store(scope);
        JsonObject answer;
        lock (store.Gate)
        {
            var tag = Find(store, RequestScope.String(body, "tag_id"));
            if (store.Tags.Values.Any(t => t.Id != tag.Id && t.Name == name))
                throw DifyApiError.InvalidParam("Tag name already exists");
            tag.Name = name;
            answer = KnowledgeJson.Tag(store, tag);
        }

        await HttpAnswers.JsonAsync(scope.Http, 200, answer).ConfigureAwait(false);
    }

    public static async Task DeleteAsync(RequestScope scope)
    {
        var body = await scope.BodyAsync().ConfigureAwait(false);
        var store = KnowledgeRequest.Store(scope);
        lock (store.Gate)
        {
            store.Tags.Remove(Find(store, RequestScope.String(body, "tag_id")).Id);
        }

        await HttpAnswers.NoContent(scope.Http).ConfigureAwait(false);
    }

    public static async Task BindAsync(RequestScope scope)
    {
        var body = await scope.BodyAsync().ConfigureAwait(false);
        var tagIds = KnowledgeRequest.Strings(body["tag_ids"]);
        if (tagIds.Count == 0)
            throw DifyApiError.InvalidParam("tag_ids is required");
        var store = KnowledgeRequest.Store(scope);
        lock (store.Gate)
        {
            var dataset = Target(store, body);
            var tags = tagIds.Select(id => Find(store, id)).ToList();
            foreach (var tag in tags)
                tag.DatasetIds.Add(dataset.Id);
        }

        await HttpAnswers.NoContent(scope.Http).ConfigureAwait(false);
    }

    /// <summary>Unbinding takes <c>tag_ids</c> or the older single <c>tag_id</c>.</summary>
    public static async Task UnbindAsync(RequestScope scope)
    {
        var body = await scope.BodyAsync().ConfigureAwait(false);
        var tagIds = KnowledgeRequest.Strings(body["tag_ids"]);
        if (RequestScope.String(body, "tag_id") is { Length: > 0 } single)
            tagIds.Add(single);
        if (tagIds.Count == 0)
            throw DifyApiError.InvalidParam("tag_ids is required");
        var store = KnowledgeRequest.Store(scope);
        lock (store.Gate)
        {
            var dataset = Target(store, body);
            foreach (var id in tagIds)
            {
                if (RequestScope.ParseGuid(id) is { } guid && store.Tags.TryGetValue(guid, out var tag))
                    tag.DatasetIds.Remove(dataset.Id);
            }
        }

        await HttpAnswers.NoContent(scope.Http).ConfigureAwait(false);
    }

    public static async Task DatasetTagsAsync(RequestScope scope)
    {
        var store = KnowledgeRequest.Store(scope);
        JsonObject answer;
        lock (store.Gate)
        {
            var dataset = KnowledgeRequest.Dataset(scope);
            var tags = store.Tags.Values.Where(t => t.DatasetIds.Contains(dataset.Id)).OrderBy(t => t.CreatedAt).ToList();
            answer = new JsonObject
            {
                ["data"] = KnowledgeRequest.Array(tags, t => new JsonObject { ["id"] = t.Id.ToString(), ["name"] = t.Name }),
                ["total"] = tags.Count,
            };
        }

        await HttpAnswers.JsonAsync(scope.Http, 200, answer).ConfigureAwait(false);
    }

    private static StoredTag Find(KnowledgeStore store, string? id) =>
        RequestScope.ParseGuid(id) is { } guid && store.Tags.TryGetValue(guid, out var tag) ? tag : throw KnowledgeErrors.TagNotFound();

    private static StoredDataset Target(KnowledgeStore store, JsonObject body) =>
        RequestScope.ParseGuid(RequestScope.String(body, "target_id")) is { } id && store.Datasets.TryGetValue(id, out var dataset)
            ? dataset
            : throw new DifyApiError(404, "not_found", "Dataset not found");

    private static string ValidName(string? name) =>
        name is { Length: >= 1 and <= 50 } && !string.IsNullOrWhiteSpace(name)
            ? name
            : throw DifyApiError.InvalidParam("Tag name must be between 1 to 50 characters.");
}
