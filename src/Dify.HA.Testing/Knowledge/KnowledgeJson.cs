using System.Text.Json.Nodes;
using Dify.HA.Testing.Api;
using Dify.HA.Testing.Hosting;
using Dify.HA.Testing.Store;

namespace Dify.HA.Testing.Knowledge;

/// <summary>The Knowledge API's answer shapes (the spec's Dataset, Document, Segment, ChildChunk and Tag schemas).</summary>
internal static class KnowledgeJson
{
    public const string EmbeddingModel = "text-embedding-3-small";
    public const string EmbeddingProvider = "langgenius/openai/openai";

    private static long? Unix(DateTimeOffset? time) => time is { } t ? EmulatorJson.Unix(t) : null;

    public static JsonObject DefaultRetrievalModel() => new()
    {
        ["search_method"] = "semantic_search",
        ["reranking_enable"] = false,
        ["reranking_mode"] = null,
        ["reranking_model"] = new JsonObject { ["reranking_provider_name"] = string.Empty, ["reranking_model_name"] = string.Empty },
        ["weights"] = null,
        ["top_k"] = 3,
        ["score_threshold_enabled"] = false,
        ["score_threshold"] = null,
    };

    public static JsonObject Dataset(RequestScope scope, StoredDataset dataset)
    {
        var store = KnowledgeRequest.Store(scope);
        var documents = store.DocumentsOf(dataset.Id).ToList();
        var available = documents.Count(d => d.Enabled && !d.Archived && KnowledgeRequest.Progress(scope, d).IsCompleted);
        var account = KnowledgeRequest.Account(scope).ToString();
        var retrieval = DefaultRetrievalModel();
        if (dataset.RetrievalModel is { } custom)
        {
            foreach (var (k, v) in custom)
            {
                if (k != "metadata_filtering_conditions")
                    retrieval[k] = v?.DeepClone();
            }
        }

        var tags = new JsonArray();
        foreach (var tag in store.Tags.Values.Where(t => t.DatasetIds.Contains(dataset.Id)).OrderBy(t => t.CreatedAt))
            tags.Add(new JsonObject { ["id"] = tag.Id.ToString(), ["name"] = tag.Name, ["type"] = "knowledge" });
        return new JsonObject
        {
            ["id"] = dataset.Id.ToString(),
            ["name"] = dataset.Name,
            ["description"] = dataset.Description,
            ["provider"] = dataset.Provider,
            ["permission"] = dataset.Permission,
            ["data_source_type"] = documents.Count > 0 ? "upload_file" : null,
            ["indexing_technique"] = dataset.IndexingTechnique,
            ["app_count"] = 0,
            ["document_count"] = documents.Count,
            ["word_count"] = documents.Sum(d => d.Text.Length),
            ["created_by"] = account,
            ["author_name"] = "Emulated Owner",
            ["created_at"] = EmulatorJson.Unix(dataset.CreatedAt),
            ["updated_by"] = account,
            ["updated_at"] = EmulatorJson.Unix(dataset.UpdatedAt),
            ["embedding_model"] = dataset.EmbeddingModel,
            ["embedding_model_provider"] = dataset.EmbeddingModelProvider,
            ["embedding_available"] = true,
            ["retrieval_model_dict"] = retrieval,
            ["summary_index_setting"] = new JsonObject { ["enable"] = false, ["model_name"] = null, ["model_provider_name"] = null, ["summary_prompt"] = null },
            ["tags"] = tags,
            ["doc_form"] = dataset.DocForm,
            ["external_knowledge_info"] = new JsonObject
            {
                ["external_knowledge_id"] = null,
                ["external_knowledge_api_id"] = null,
                ["external_knowledge_api_name"] = null,
                ["external_knowledge_api_endpoint"] = null,
            },
            ["external_retrieval_model"] = new JsonObject { ["top_k"] = 2, ["score_threshold"] = 0.0, ["score_threshold_enabled"] = false },
            ["doc_metadata"] = KnowledgeRequest.Array(dataset.MetadataFields, f => new JsonObject { ["id"] = f.Id.ToString(), ["name"] = f.Name, ["type"] = f.Type }),
            ["built_in_field_enabled"] = dataset.BuiltInFieldEnabled,
            ["pipeline_id"] = PipelineId(dataset).ToString(),
            ["runtime_mode"] = "general",
            ["chunk_structure"] = null,
            ["icon_info"] = new JsonObject { ["icon_type"] = null, ["icon"] = null, ["icon_background"] = null, ["icon_url"] = null },
            ["is_published"] = true,
            ["total_documents"] = documents.Count,
            ["total_available_documents"] = available,
            ["enable_api"] = true,
            ["is_multimodal"] = false,
            ["maintainer"] = account,
            ["partial_member_list"] = new JsonArray(),
        };
    }

    /// <summary>Every emulated dataset has a published pipeline (a file datasource and a knowledge-index node).</summary>
    public static Guid PipelineId(StoredDataset dataset) => EmulatorApp.DeterministicGuid("pipeline:" + dataset.Id);

    public static JsonObject UploadFile(StoredFile file) => new()
    {
        ["id"] = file.Id.ToString(),
        ["name"] = file.Name,
        ["size"] = file.Content.Length,
        ["extension"] = file.Extension,
        ["mime_type"] = file.MimeType,
        ["created_by"] = file.EndUserId.ToString(),
        ["created_at"] = EmulatorJson.Unix(file.CreatedAt),
    };

    /// <summary>The Document schema of list, create and update answers.</summary>
    public static JsonObject Document(RequestScope scope, StoredDocument document)
    {
        var progress = KnowledgeRequest.Progress(scope, document);
        var file = KnowledgeRequest.Store(scope).Files.TryGetValue(document.FileId, out var f) ? f : null;
        return new JsonObject
        {
            ["id"] = document.Id.ToString(),
            ["position"] = document.Position,
            ["data_source_type"] = "upload_file",
            ["data_source_info"] = new JsonObject { ["upload_file_id"] = document.FileId.ToString() },
            ["data_source_detail_dict"] = new JsonObject { ["upload_file"] = file is null ? null : UploadFile(file) },
            ["dataset_process_rule_id"] = ProcessRuleId(document).ToString(),
            ["name"] = document.Name,
            ["created_from"] = "api",
            ["created_by"] = KnowledgeRequest.Account(scope).ToString(),
            ["created_at"] = EmulatorJson.Unix(document.CreatedAt),
            ["tokens"] = Tokens(document.Text),
            ["indexing_status"] = progress.Status,
            ["error"] = progress.Error,
            ["enabled"] = document.Enabled,
            ["disabled_at"] = Unix(document.DisabledAt),
            ["disabled_by"] = document.DisabledAt is null ? null : KnowledgeRequest.Account(scope).ToString(),
            ["archived"] = document.Archived,
            ["display_status"] = IndexingClock.DisplayStatus(document, progress),
            ["word_count"] = document.Text.Length,
            ["hit_count"] = document.HitCount,
            ["doc_form"] = document.DocForm,
            ["doc_metadata"] = DocumentMetadata(scope, document),
            ["summary_index_status"] = null,
            ["need_summary"] = false,
        };
    }

    /// <summary>The detail shape of <c>GET …/documents/{id}</c> (metadata=all).</summary>
    public static JsonObject DocumentDetail(RequestScope scope, StoredDocument document)
    {
        var progress = KnowledgeRequest.Progress(scope, document);
        var file = KnowledgeRequest.Store(scope).Files.TryGetValue(document.FileId, out var f) ? f : null;
        var segments = KnowledgeRequest.Store(scope).SegmentsOf(document.Id).ToList();
        var rule = document.ProcessRule?.DeepClone() as JsonObject ?? new JsonObject { ["mode"] = "automatic", ["rules"] = new JsonObject() };
        return new JsonObject
        {
            ["id"] = document.Id.ToString(),
            ["position"] = document.Position,
            ["data_source_type"] = "upload_file",
            ["data_source_info"] = new JsonObject { ["upload_file"] = file is null ? null : UploadFile(file) },
            ["dataset_process_rule_id"] = ProcessRuleId(document).ToString(),
            ["dataset_process_rule"] = rule,
            ["document_process_rule"] = rule.DeepClone(),
            ["name"] = document.Name,
            ["created_from"] = "api",
            ["created_by"] = KnowledgeRequest.Account(scope).ToString(),
            ["created_at"] = EmulatorJson.Unix(document.CreatedAt),
            ["tokens"] = Tokens(document.Text),
            ["indexing_status"] = progress.Status,
            ["error"] = progress.Error,
            ["enabled"] = document.Enabled,
            ["disabled_at"] = Unix(document.DisabledAt),
            ["disabled_by"] = document.DisabledAt is null ? null : KnowledgeRequest.Account(scope).ToString(),
            ["archived"] = document.Archived,
            ["display_status"] = IndexingClock.DisplayStatus(document, progress),
            ["hit_count"] = document.HitCount,
            ["doc_form"] = document.DocForm,
            ["doc_language"] = document.DocLanguage,
            ["doc_type"] = null,
            ["doc_metadata"] = DocumentMetadata(scope, document),
            ["completed_at"] = Unix(progress.CompletedAt),
            ["updated_at"] = EmulatorJson.Unix(document.UpdatedAt),
            ["indexing_latency"] = progress.CompletedAt is { } done ? Math.Round((done - document.IndexingStartedAt).TotalSeconds, 3) : null,
            ["segment_count"] = segments.Count,
            ["average_segment_length"] = segments.Count == 0 ? 0 : Math.Round(segments.Average(s => (double)s.Content.Length), 2),
            ["summary_index_status"] = null,
            ["need_summary"] = false,
        };
    }

    public static JsonArray DocumentMetadata(RequestScope scope, StoredDocument document)
    {
        var array = new JsonArray();
        if (!KnowledgeRequest.Store(scope).Datasets.TryGetValue(document.DatasetId, out var dataset))
            return array;
        foreach (var field in dataset.MetadataFields)
        {
            if (document.Metadata.TryGetValue(field.Id, out var value))
                array.Add(new JsonObject { ["id"] = field.Id.ToString(), ["name"] = field.Name, ["type"] = field.Type, ["value"] = value });
        }

        if (dataset.BuiltInFieldEnabled)
        {
            foreach (var (name, type, value) in BuiltInValues(scope, document))
                array.Add(new JsonObject { ["id"] = "built-in", ["name"] = name, ["type"] = type, ["value"] = value });
        }

        return array;
    }

    /// <summary>Dify's built-in fields: document_name, uploader, upload_date, last_update_date, source.</summary>
    public static IEnumerable<(string Name, string Type, string Value)> BuiltInValues(RequestScope scope, StoredDocument document)
    {
        yield return ("document_name", "string", document.Name);
        yield return ("uploader", "string", "Emulated Owner");
        yield return ("upload_date", "time", EmulatorJson.Unix(document.CreatedAt).ToString(System.Globalization.CultureInfo.InvariantCulture));
        yield return ("last_update_date", "time", EmulatorJson.Unix(document.UpdatedAt).ToString(System.Globalization.CultureInfo.InvariantCulture));
        yield return ("source", "string", "file_upload");
    }

    public static JsonObject Segment(RequestScope scope, StoredSegment segment)
    {
        var document = KnowledgeRequest.Store(scope).Documents[segment.DocumentId];
        var progress = KnowledgeRequest.Progress(scope, document);
        var status = progress.IsCompleted ? "completed" : progress.IsError ? "error" : progress.Status == "indexing" ? "indexing" : "waiting";
        return new JsonObject
        {
            ["id"] = segment.Id.ToString(),
            ["position"] = segment.Position,
            ["document_id"] = segment.DocumentId.ToString(),
            ["content"] = segment.Content,
            ["sign_content"] = segment.Content,
            ["answer"] = segment.Answer ?? string.Empty,
            ["word_count"] = segment.Content.Length,
            ["tokens"] = Tokens(segment.Content),
            ["keywords"] = KnowledgeRequest.Array(segment.Keywords, k => JsonValue.Create(k)!),
            ["index_node_id"] = EmulatorApp.DeterministicGuid("node:" + segment.Id).ToString(),
            ["index_node_hash"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(segment.Content)))[..16],
            ["hit_count"] = segment.HitCount,
            ["enabled"] = segment.Enabled,
            ["disabled_at"] = Unix(segment.DisabledAt),
            ["disabled_by"] = segment.DisabledAt is null ? null : KnowledgeRequest.Account(scope).ToString(),
            ["status"] = status,
            ["created_by"] = KnowledgeRequest.Account(scope).ToString(),
            ["created_at"] = EmulatorJson.Unix(segment.CreatedAt),
            ["updated_at"] = EmulatorJson.Unix(segment.UpdatedAt),
            ["updated_by"] = KnowledgeRequest.Account(scope).ToString(),
            ["indexing_at"] = Unix(progress.SplittingCompletedAt),
            ["completed_at"] = Unix(progress.CompletedAt),
            ["error"] = progress.Error,
            ["stopped_at"] = null,
            ["child_chunks"] = KnowledgeRequest.Array(segment.ChildChunks, ChildChunk),
            ["attachments"] = new JsonArray(),
            ["summary"] = segment.Summary,
        };
    }

    public static JsonObject ChildChunk(StoredChildChunk chunk) => new()
    {
        ["id"] = chunk.Id.ToString(),
        ["segment_id"] = chunk.SegmentId.ToString(),
        ["content"] = chunk.Content,
        ["position"] = chunk.Position,
        ["word_count"] = chunk.Content.Length,
        ["type"] = chunk.Type,
        ["created_at"] = EmulatorJson.Unix(chunk.CreatedAt),
        ["updated_at"] = EmulatorJson.Unix(chunk.UpdatedAt),
    };

    public static JsonObject Tag(KnowledgeStore store, StoredTag tag) => new()
    {
        ["id"] = tag.Id.ToString(),
        ["name"] = tag.Name,
        ["type"] = "knowledge",
        // Dify serialises the binding count as a string (the spec says so too).
        ["binding_count"] = tag.DatasetIds.Count(store.Datasets.ContainsKey).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static JsonObject IndexingStatus(StoredDocument document, IndexingProgress progress) => new()
    {
        ["id"] = document.Id.ToString(),
        ["indexing_status"] = progress.Status,
        ["processing_started_at"] = Unix(progress.ProcessingStartedAt),
        ["parsing_completed_at"] = Unix(progress.ParsingCompletedAt),
        ["cleaning_completed_at"] = Unix(progress.CleaningCompletedAt),
        ["splitting_completed_at"] = Unix(progress.SplittingCompletedAt),
        ["completed_at"] = Unix(progress.CompletedAt),
        ["paused_at"] = null,
        ["error"] = progress.Error,
        ["stopped_at"] = null,
        ["completed_segments"] = progress.CompletedSegments,
        ["total_segments"] = progress.TotalSegments,
    };

    public static Guid ProcessRuleId(StoredDocument document) => EmulatorApp.DeterministicGuid("rule:" + document.Id + ":" + document.Batch);

    public static int Tokens(string text) => (text.Length + 3) / 4;
}
