using System.Text.Json.Nodes;
using Dify.HA.Testing.Api;
using Dify.HA.Testing.Hosting;

namespace Dify.HA.Testing.Knowledge;

/// <summary>Segments (chunks) of a document and their child chunks.</summary>
internal static class SegmentHandlers
{
    public static async Task CreateAsync(RequestScope scope)
    {
        var body = await scope.BodyAsync().ConfigureAwait(false);
        if (body["segments"] is not JsonArray items || items.Count == 0)
            throw DifyApiError.InvalidParam("segments is required");
        if (items.Count > 1000)
            throw DifyApiError.InvalidParam("Exceeded maximum segments limit of 1000.");
        var store = KnowledgeRequest.Store(scope);
        var now = scope.Context.Now;
        JsonObject answer;
        lock (store.Gate)
        {
            var document = ReadyDocument(scope);
            var position = store.SegmentsOf(document.Id).Select(s => s.Position).DefaultIfEmpty(0).Max();
            var created = new List<StoredSegment>();
            foreach (var item in items)
            {
                if (item is not JsonObject segment || RequestScope.String(segment, "content") is not { Length: > 0 } content)
                    throw DifyApiError.InvalidParam("Content is empty");
                var answerText = RequestScope.String(segment, "answer");
                if (document.DocForm == "qa_model" && string.IsNullOrEmpty(answerText))
                    throw DifyApiError.InvalidParam("Answer is required");
                var keywords = KnowledgeRequest.Strings(segment["keywords"]);
                created.Add(new StoredSegment
                {
                    Id = Guid.NewGuid(),
                    DatasetId = document.DatasetId,
                    DocumentId = document.Id,
                    Position = ++position,
                    Content = content,
                    Answer = answerText,
                    Keywords = keywords.Count > 0 ? keywords : TextSplitter.Keywords(content),
                    CreatedAt = now,
                    UpdatedAt = now,
                });
            }

            foreach (var segment in created)
                store.Segments[segment.Id] = segment;
            answer = new JsonObject { ["data"] = KnowledgeRequest.Array(created, s => KnowledgeJson.Segment(scope, s)), ["doc_form"] = document.DocForm };
        }

        await HttpAnswers.JsonAsync(scope.Http, 200, answer).ConfigureAwait(false);
    }

    public static async Task ListAsync(RequestScope scope)
    {
        var (page, limit) = KnowledgeRequest.Paging(scope);
        var keyword = scope.Query("keyword");
        var statuses = scope.Http.Request.Query["status"].SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries)).ToHashSet(StringComparer.Ordinal);
        var store = KnowledgeRequest.Store(scope);
        JsonObject answer;
        lock (store.Gate)
        {
            var document = KnowledgeRequest.Document(scope, KnowledgeRequest.Dataset(scope));
            var all = store.SegmentsOf(document.Id)
                .Where(s => string.IsNullOrEmpty(keyword) || s.Content.Contains(keyword, StringComparison.OrdinalIgnoreCase))
                .Select(s => KnowledgeJson.Segment(scope, s))
                .Where(j => statuses.Count == 0 || statuses.Contains(j["status"]!.GetValue<string>()))
                .ToList();
            answer = new JsonObject
            {
                ["data"] = KnowledgeRequest.Array(all.Skip((page - 1) * limit).Take(limit), j => j),
                ["doc_form"] = document.DocForm,
                ["total"] = all.Count,
                ["has_more"] = page * limit < all.Count,
                ["limit"] = limit,
                ["page"] = page,
            };
        }

        await HttpAnswers.JsonAsync(scope.Http, 200, answer).ConfigureAwait(false);
    }

    public static async Task GetAsync(RequestScope scope)
    {
        var store = KnowledgeRequest.Store(scope);
        JsonObject answer;
        lock (store.Gate)
        {
            var document = KnowledgeRequest.Document(scope, KnowledgeRequest.Dataset(scope));
            answer = new JsonObject { ["data"] = KnowledgeJson.Segment(scope, KnowledgeRequest.Segment(scope, document)), ["doc_form"] = document.DocForm };
        }

        await HttpAnswers.JsonAsync(scope.Http, 200, answer).ConfigureAwait(false);
    }

    public static async Task UpdateAsync(RequestScope scope)
    {
        var body = await scope.BodyAsync().ConfigureAwait(false);
        if (KnowledgeRequest.Object(body, "segment") is not { } changes)
            throw DifyApiError.InvalidParam("segment is required");
        var store = KnowledgeRequest.Store(scope);
        var now = scope.Context.Now;
        JsonObject answer;
        lock (store.Gate)
        {
            var document = KnowledgeRequest.Document(scope, KnowledgeRequest.Dataset(scope));
            var segment = KnowledgeRequest.Segment(scope, document);
            if (!KnowledgeRequest.Progress(scope, document).IsCompleted)
                throw DifyApiError.InvalidParam("Segment is indexing, please try again later");
            if (KnowledgeRequest.Bool(changes, "enabled") is { } enabled)
            {
                segment.Enabled = enabled;
                segment.DisabledAt = enabled ? null : segment.DisabledAt ?? now;
            }
            else if (!segment.Enabled)
            {
                throw DifyApiError.InvalidParam("Can't update disabled segment");
            }

            if (RequestScope.String(changes, "content") is { Length: > 0 } content)
            {
                segment.Content = content;
                segment.Keywords = TextSplitter.Keywords(content);
            }

            if (RequestScope.String(changes, "answer") is { } answerText)
                segment.Answer = answerText;
            if (changes["keywords"] is JsonArray)
                segment.Keywords = KnowledgeRequest.Strings(changes["keywords"]);
            if (RequestScope.String(changes, "summary") is { } summary)
                segment.Summary = summary;
            if (KnowledgeRequest.Bool(changes, "regenerate_child_chunks") == true && document.DocForm == "hierarchical_model")
            {
                segment.ChildChunks.Clear();
                segment.NextChildPosition = 1;
                foreach (var child in TextSplitter.Children(segment.Content))
                {
                    segment.ChildChunks.Add(new StoredChildChunk
                    {
                        Id = Guid.NewGuid(),
                        SegmentId = segment.Id,
                        Content = child,
                        Position = segment.NextChildPosition++,
                        Type = "automatic",
                        CreatedAt = now,
                        UpdatedAt = now,
                    });
                }
            }

            segment.UpdatedAt = now;
            answer = new JsonObject { ["data"] = KnowledgeJson.Segment(scope, segment), ["doc_form"] = document.DocForm };
        }

        await HttpAnswers.JsonAsync(scope.Http, 200, answer).ConfigureAwait(false);
    }

    public static async Task DeleteAsync(RequestScope scope)
    {
        var store = KnowledgeRequest.Store(scope);
        lock (store.Gate)
        {
            var document = KnowledgeRequest.Document(scope, KnowledgeRequest.Dataset(scope));
            store.Segments.Remove(KnowledgeRequest.Segment(scope, document).Id);
        }

        await HttpAnswers.NoContent(scope.Http).ConfigureAwait(false);
    }

    public static async Task CreateChildAsync(RequestScope scope)
    {
        var body = await scope.BodyAsync().ConfigureAwait(false);
        var content = KnowledgeRequest.RequireString(body, "content");
        var store = KnowledgeRequest.Store(scope);
        var now = scope.Context.Now;
        JsonObject answer;
        lock (store.Gate)
        {
            var document = KnowledgeRequest.Document(scope, KnowledgeRequest.Dataset(scope));
            var segment = KnowledgeRequest.Segment(scope, document);
            var chunk = new StoredChildChunk
            {
                Id = Guid.NewGuid(),
                SegmentId = segment.Id,
                Content = content,
                Position = segment.NextChildPosition++,
                Type = "customized",
                CreatedAt = now,
                UpdatedAt = now,
            };
            segment.ChildChunks.Add(chunk);
            answer = new JsonObject { ["data"] = KnowledgeJson.ChildChunk(chunk) };
        }

        await HttpAnswers.JsonAsync(scope.Http, 200, answer).ConfigureAwait(false);
    }

    /// <summary>Child chunks page as <c>{data, total, total_pages, page, limit}</c> (no has_more here, as the spec says).</summary>
    public static async Task ListChildrenAsync(RequestScope scope)
    {
        var (page, limit) = KnowledgeRequest.Paging(scope);
        var keyword = scope.Query("keyword");
        var store = KnowledgeRequest.Store(scope);
        JsonObject answer;
        lock (store.Gate)
        {
            var document = KnowledgeRequest.Document(scope, KnowledgeRequest.Dataset(scope));
            var all = KnowledgeRequest.Segment(scope, document).ChildChunks
                .Where(c => string.IsNullOrEmpty(keyword) || c.Content.Contains(keyword, StringComparison.OrdinalIgnoreCase))
                .OrderBy(c => c.Position)
                .ToList();
            answer = new JsonObject
            {
                ["data"] = KnowledgeRequest.Array(all.Skip((page - 1) * limit).Take(limit), KnowledgeJson.ChildChunk),
                ["total"] = all.Count,
                ["total_pages"] = (all.Count + limit - 1) / limit,
                ["page"] = page,
                ["limit"] = limit,
            };
        }

        await HttpAnswers.JsonAsync(scope.Http, 200, answer).ConfigureAwait(false);
    }

    public static async Task UpdateChildAsync(RequestScope scope)
    {
        var body = await scope.BodyAsync().ConfigureAwait(false);
        var content = KnowledgeRequest.RequireString(body, "content");
        var store = KnowledgeRequest.Store(scope);
        JsonObject answer;
        lock (store.Gate)
        {
            var chunk = Child(scope);
            chunk.Content = content;
            chunk.Type = "customized";
            chunk.UpdatedAt = scope.Context.Now;
            answer = new JsonObject { ["data"] = KnowledgeJson.ChildChunk(chunk) };
        }

        await HttpAnswers.JsonAsync(scope.Http, 200, answer).ConfigureAwait(false);
    }

    public static async Task DeleteChildAsync(RequestScope scope)
    {
        var store = KnowledgeRequest.Store(scope);
        lock (store.Gate)
        {
            var chunk = Child(scope);
            store.Segments[chunk.SegmentId].ChildChunks.Remove(chunk);
        }

        await HttpAnswers.NoContent(scope.Http).ConfigureAwait(false);
    }

    private static StoredChildChunk Child(RequestScope scope)
    {
        var document = KnowledgeRequest.Document(scope, KnowledgeRequest.Dataset(scope));
        var segment = KnowledgeRequest.Segment(scope, document);
        return RequestScope.ParseGuid(scope.Route("child_chunk_id")) is { } id && segment.ChildChunks.Find(c => c.Id == id) is { } chunk
            ? chunk
            : throw KnowledgeErrors.ChildChunkNotFound();
    }

    /// <summary>Dify adds segments only to a completed, enabled document (404 otherwise, with these messages).</summary>
    private static StoredDocument ReadyDocument(RequestScope scope)
    {
        var document = KnowledgeRequest.Document(scope, KnowledgeRequest.Dataset(scope));
        if (!KnowledgeRequest.Progress(scope, document).IsCompleted)
            throw new DifyApiError(404, "not_found", "Document is not completed.");
        if (!document.Enabled)
            throw new DifyApiError(404, "not_found", "Document is disabled.");
        return document;
    }
}
