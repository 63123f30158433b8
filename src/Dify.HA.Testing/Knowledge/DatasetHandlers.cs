using System.Text.Json.Nodes;
using Dify.HA.Testing.Api;
using Dify.HA.Testing.Hosting;

namespace Dify.HA.Testing.Knowledge;

/// <summary>Datasets CRUD and list, keyword retrieval, and the workspace's available models.</summary>
internal static class DatasetHandlers
{
    private static readonly string[] Techniques = ["high_quality", "economy"];
    private static readonly string[] Permissions = ["only_me", "all_team_members", "partial_members"];

    public static async Task CreateAsync(RequestScope scope)
    {
        var body = await scope.BodyAsync().ConfigureAwait(false);
        var name = ValidName(RequestScope.String(body, "name"));
        var technique = RequestScope.String(body, "indexing_technique");
        if (technique is not null && !Techniques.Contains(technique))
            throw DifyApiError.InvalidParam("indexing_technique: must be 'high_quality' or 'economy'.");
        var permission = RequestScope.String(body, "permission") ?? "only_me";
        if (!Permissions.Contains(permission))
            throw DifyApiError.InvalidParam("permission: must be 'only_me', 'all_team_members' or 'partial_members'.");
        var store = KnowledgeRequest.Store(scope);
        var now = scope.Context.Now;
        JsonObject answer;
        lock (store.Gate)
        {
            if (store.Datasets.Values.Any(d => d.Name == name))
                throw KnowledgeErrors.DatasetNameDuplicate();
            var dataset = new StoredDataset
            {
                Id = Guid.NewGuid(),
                Name = name,
                Description = RequestScope.String(body, "description") ?? string.Empty,
                IndexingTechnique = technique,
                Permission = permission,
                Provider = RequestScope.String(body, "provider") ?? "vendor",
                RetrievalModel = KnowledgeRequest.Object(body, "retrieval_model")?.DeepClone() as JsonObject,
                CreatedAt = now,
                UpdatedAt = now,
            };
            SetEmbedding(dataset, body);
            store.Datasets[dataset.Id] = dataset;
            answer = KnowledgeJson.Dataset(scope, dataset);
        }

        await HttpAnswers.JsonAsync(scope.Http, 200, answer).ConfigureAwait(false);
    }

    public static async Task ListAsync(RequestScope scope)
    {
        var (page, limit) = KnowledgeRequest.Paging(scope);
        var keyword = scope.Query("keyword");
        var tagIds = scope.Http.Request.Query["tag_ids"].SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries))
            .Select(RequestScope.ParseGuid).OfType<Guid>().ToList();
        var store = KnowledgeRequest.Store(scope);
        JsonObject answer;
        lock (store.Gate)
        {
            var all = store.Datasets.Values
                .Where(d => string.IsNullOrEmpty(keyword) || d.Name.Contains(keyword, StringComparison.OrdinalIgnoreCase))
                .Where(d => tagIds.Count == 0 || tagIds.All(t => store.Tags.TryGetValue(t, out var tag) && tag.DatasetIds.Contains(d.Id)))
                .OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id)
                .ToList();
            answer = KnowledgeRequest.Page(KnowledgeRequest.Array(all.Skip((page - 1) * limit).Take(limit), d => KnowledgeJson.Dataset(scope, d)), page, limit, all.Count);
        }

        await HttpAnswers.JsonAsync(scope.Http, 200, answer).ConfigureAwait(false);
    }

    public static async Task GetAsync(RequestScope scope)
    {
        var store = KnowledgeRequest.Store(scope);
        JsonObject answer;
        lock (store.Gate)
        {
            answer = KnowledgeJson.Dataset(scope, KnowledgeRequest.Dataset(scope));
        }

        await HttpAnswers.JsonAsync(scope.Http, 200, answer).ConfigureAwait(false);
    }

    public static async Task UpdateAsync(RequestScope scope)
    {
        var body = await scope.BodyAsync().ConfigureAwait(false);
        var store = KnowledgeRequest.Store(scope);
        JsonObject answer;
        lock (store.Gate)
        {
            var dataset = KnowledgeRequest.Dataset(scope);
            if (body.ContainsKey("name"))
            {
                var name = ValidName(RequestScope.String(body, "name"));
                if (store.Datasets.Values.Any(d => d.Id != dataset.Id && d.Name == name))
                    throw KnowledgeErrors.DatasetNameDuplicate();
                dataset.Name = name;
            }

            if (RequestScope.String(body, "description") is { } description)
                dataset.Description = description;
            if (RequestScope.String(body, "indexing_technique") is { } technique)
            {
                if (!Techniques.Contains(technique))
                    throw DifyApiError.InvalidParam("indexing_technique: must be 'high_quality' or 'economy'.");
                dataset.IndexingTechnique = technique;
            }

            if (RequestScope.String(body, "permission") is { } permission)
            {
                if (!Permissions.Contains(permission))
                    throw DifyApiError.InvalidParam("permission: must be 'only_me', 'all_team_members' or 'partial_members'.");
                dataset.Permission = permission;
            }

            if (KnowledgeRequest.Object(body, "retrieval_model") is { } retrieval)
                dataset.RetrievalModel = retrieval.DeepClone().AsObject();
            SetEmbedding(dataset, body);
            dataset.UpdatedAt = scope.Context.Now;
            answer = KnowledgeJson.Dataset(scope, dataset);
        }

        await HttpAnswers.JsonAsync(scope.Http, 200, answer).ConfigureAwait(false);
    }

    public static async Task DeleteAsync(RequestScope scope)
    {
        var store = KnowledgeRequest.Store(scope);
        lock (store.Gate)
        {
            var dataset = KnowledgeRequest.Dataset(scope);
            foreach (var document in store.DocumentsOf(dataset.Id).ToList())
                store.RemoveDocument(document);
            foreach (var tag in store.Tags.Values)
                tag.DatasetIds.Remove(dataset.Id);
            store.Datasets.Remove(dataset.Id);
        }

        await HttpAnswers.NoContent(scope.Http).ConfigureAwait(false);
    }

    /// <summary>
    /// Keyword retrieval: a segment's score is the share of the query's distinct words found in it (0–1, four decimals),
    /// over enabled segments of completed, enabled, unarchived documents; best first, at most top_k (request, then
    /// dataset, default 3), above score_threshold when enabled. Returned segments and their documents count a hit.
    /// </summary>
    public static async Task RetrieveAsync(RequestScope scope)
    {
        var body = await scope.BodyAsync().ConfigureAwait(false);
        var query = KnowledgeRequest.RequireString(body, "query");
        var store = KnowledgeRequest.Store(scope);
        JsonObject answer;
        lock (store.Gate)
        {
            var dataset = KnowledgeRequest.Dataset(scope);
            var settings = KnowledgeRequest.Object(body, "retrieval_model") ?? dataset.RetrievalModel;
            var topK = KnowledgeRequest.Int(settings?["top_k"]) ?? 3;
            if (topK is < 1 or > 100)
                throw DifyApiError.InvalidParam("retrieval_model.top_k: must be between 1 and 100.");
            var threshold = settings?["score_threshold_enabled"] is JsonValue on && on.TryGetValue<bool>(out var enabled) && enabled
                ? KnowledgeRequest.Double(settings["score_threshold"]) ?? 0
                : 0;
            var terms = TextSplitter.Words(query).Distinct(StringComparer.Ordinal).ToList();
            var scored = new List<(StoredSegment Segment, StoredDocument Document, double Score)>();
            foreach (var document in store.DocumentsOf(dataset.Id))
            {
                if (!document.Enabled || document.Archived || !KnowledgeRequest.Progress(scope, document).IsCompleted)
                    continue;
                foreach (var segment in store.SegmentsOf(document.Id).Where(s => s.Enabled))
                {
                    var words = TextSplitter.Words(segment.Content + " " + segment.Answer).ToHashSet(StringComparer.Ordinal);
                    var score = terms.Count == 0 ? 0 : Math.Round((double)terms.Count(words.Contains) / terms.Count, 4);
                    if (score > 0 && score >= threshold)
                        scored.Add((segment, document, score));
                }
            }

            var records = new JsonArray();
            foreach (var (segment, document, score) in scored.OrderByDescending(s => s.Score).ThenBy(s => s.Document.Position).ThenBy(s => s.Segment.Position).Take(topK))
            {
                segment.HitCount++;
                document.HitCount++;
                var json = KnowledgeJson.Segment(scope, segment);
                json["document"] = new JsonObject
                {
                    ["id"] = document.Id.ToString(),
                    ["data_source_type"] = "upload_file",
                    ["name"] = document.Name,
                    ["doc_type"] = null,
                    ["doc_metadata"] = null,
                };
                records.Add(new JsonObject
                {
                    ["segment"] = json,
                    ["child_chunks"] = KnowledgeRequest.Array(segment.ChildChunks, c => new JsonObject { ["id"] = c.Id.ToString(), ["content"] = c.Content, ["position"] = c.Position, ["score"] = score }),
                    ["score"] = score,
                    ["tsne_position"] = null,
                    ["files"] = new JsonArray(),
                    ["summary"] = segment.Summary,
                });
            }

            answer = new JsonObject { ["query"] = new JsonObject { ["content"] = query }, ["records"] = records };
        }

        await HttpAnswers.JsonAsync(scope.Http, 200, answer).ConfigureAwait(false);
    }

    /// <summary>A canned list per model type (one provider each), shaped as the spec's example.</summary>
    public static async Task AvailableModelsAsync(RequestScope scope)
    {
        var type = scope.Route("model_type");
        var models = type switch
        {
            "text-embedding" => new[] { "text-embedding-3-small", "text-embedding-3-large" },
            "rerank" => ["rerank-english-v3.0"],
            "llm" => ["gpt-4o-mini", "gpt-4o"],
            "tts" => ["tts-1"],
            "speech2text" => ["whisper-1"],
            "moderation" => ["omni-moderation-latest"],
            _ => [],
        };
        var data = new JsonArray();
        if (models.Length > 0)
        {
            var rerank = type == "rerank";
            var provider = rerank ? "langgenius/cohere/cohere" : "langgenius/openai/openai";
            var label = rerank ? "Cohere" : "OpenAI";
            data.Add(new JsonObject
            {
                ["provider"] = provider,
                ["label"] = new JsonObject { ["en_US"] = label, ["zh_Hans"] = label },
                ["icon_small"] = new JsonObject { ["en_US"] = $"https://emulator.invalid/{label.ToLowerInvariant()}-small.svg", ["zh_Hans"] = $"https://emulator.invalid/{label.ToLowerInvariant()}-small.svg" },
                ["status"] = "active",
                ["models"] = KnowledgeRequest.Array(models, m => new JsonObject
                {
                    ["model"] = m,
                    ["label"] = new JsonObject { ["en_US"] = m, ["zh_Hans"] = m },
                    ["model_type"] = type,
                    ["features"] = null,
                    ["fetch_from"] = "predefined-model",
                    ["model_properties"] = type == "text-embedding" ? new JsonObject { ["context_size"] = 8191 } : new JsonObject(),
                    ["status"] = "active",
                    ["deprecated"] = false,
                    ["load_balancing_enabled"] = false,
                    ["has_invalid_load_balancing_configs"] = false,
                }),
                ["tenant_id"] = KnowledgeRequest.Tenant(scope).ToString(),
                ["icon_small_dark"] = null,
            });
        }

        await HttpAnswers.JsonAsync(scope.Http, 200, new JsonObject { ["data"] = data }).ConfigureAwait(false);
    }

    internal static void SetEmbedding(StoredDataset dataset, JsonObject body)
    {
        if (RequestScope.String(body, "embedding_model") is { Length: > 0 } model)
            dataset.EmbeddingModel = model;
        if (RequestScope.String(body, "embedding_model_provider") is { Length: > 0 } provider)
            dataset.EmbeddingModelProvider = provider;
        if (dataset.IndexingTechnique == "high_quality")
        {
            dataset.EmbeddingModel ??= KnowledgeJson.EmbeddingModel;
            dataset.EmbeddingModelProvider ??= KnowledgeJson.EmbeddingProvider;
        }
    }

    private static string ValidName(string? name) =>
        name is { Length: >= 1 and <= 40 } && !string.IsNullOrWhiteSpace(name)
            ? name
            : throw DifyApiError.InvalidParam("Name must be between 1 to 40 characters.");
}
