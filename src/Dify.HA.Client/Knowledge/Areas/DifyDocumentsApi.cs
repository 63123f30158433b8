using System.Text.Json;
using Dify.HA.Client.Api;
using Dify.HA.Client.Knowledge.Internal;

namespace Dify.HA.Client.Knowledge;

internal sealed class DifyDocumentsApi : IDifyDocumentsApi
{
    private readonly DifyApiCore _core;

    public DifyDocumentsApi(DifyApiCore core) => _core = core;

    public Task<DifyDocumentOperationResult> CreateByTextAsync(string datasetId, CreateDocumentByTextRequest request, CancellationToken cancellationToken = default)
    {
        var id = KnowledgeArgument.DatasetId(datasetId);
        CheckCreateByText(request);
        // Write, not Read: a create sent twice makes two documents, so the pipeline never re-sends it once it may have arrived.
        var req = _core.Request("createDocumentFromText", HttpMethod.Post, $"datasets/{DifyPath.Segment(id)}/document/create-by-text", DifyOperationKind.Write) with
        {
            ContentFactory = DifyApiCore.Json(request, KnowledgeJsonContext.Default.CreateDocumentByTextRequest, nameof(request)),
        };
        return _core.SendAsync(req, KnowledgeJsonContext.Default.DifyDocumentOperationResult, cancellationToken);
    }

    public Task<DifyDocumentOperationResult> CreateByFileAsync(string datasetId, Stream content, string fileName, DocumentFileSettings? settings = null, string? contentType = null, CancellationToken cancellationToken = default)
    {
        var id = KnowledgeArgument.DatasetId(datasetId);
        return SendFile("createDocumentFromFile", HttpMethod.Post, $"datasets/{DifyPath.Segment(id)}/document/create-by-file", content, fileName, settings, contentType, fileRequired: true, cancellationToken);
    }

    public Task<DifyNumberedPage<DifyDocument>> ListAsync(string datasetId, int page = 1, int limit = 20, string? keyword = null, string? status = null, CancellationToken cancellationToken = default)
    {
        var id = KnowledgeArgument.DatasetId(datasetId);
        DifyArgument.Page(page, nameof(page));
        DifyArgument.Limit(limit, nameof(limit));
        CheckStatus(status);
        var path = DifyPath.WithQuery($"datasets/{DifyPath.Segment(id)}/documents",
            ("page", DifyPath.Int(page)), ("limit", DifyPath.Int(limit)), ("keyword", keyword), ("status", status));
        var req = _core.Request("listDocuments", HttpMethod.Get, path, DifyOperationKind.Read);
        return _core.SendAsync(req, KnowledgeJsonContext.Default.DifyNumberedPageDifyDocument, cancellationToken);
    }

    public IAsyncEnumerable<DifyDocument> ListAllAsync(string datasetId, string? keyword = null, string? status = null, int pageSize = 100, CancellationToken cancellationToken = default)
    {
        KnowledgeArgument.DatasetId(datasetId);
        DifyArgument.Limit(pageSize, nameof(pageSize));
        CheckStatus(status);
        return KnowledgePaging.WalkAsync((page, ct) => ListAsync(datasetId, page, pageSize, keyword, status, ct), cancellationToken);
    }

    public Task<DifyDocument> GetAsync(string datasetId, string documentId, DifyDocumentMetadataMode metadata = DifyDocumentMetadataMode.All, CancellationToken cancellationToken = default)
    {
        var id = KnowledgeArgument.DatasetId(datasetId);
        var doc = KnowledgeArgument.DocumentId(documentId);
        var mode = metadata switch
        {
            DifyDocumentMetadataMode.All => null, // Dify's default: keep the URL plain.
            DifyDocumentMetadataMode.Only => "only",
            DifyDocumentMetadataMode.Without => "without",
            _ => throw new ArgumentOutOfRangeException(nameof(metadata), metadata, "metadata must be All, Only or Without."),
        };
        var path = DifyPath.WithQuery($"datasets/{DifyPath.Segment(id)}/documents/{DifyPath.Segment(doc)}", ("metadata", mode));
        var req = _core.Request("getDocumentDetail", HttpMethod.Get, path, DifyOperationKind.Read);
        return _core.SendAsync(req, KnowledgeJsonContext.Default.DifyDocument, cancellationToken);
    }

    public Task DeleteAsync(string datasetId, string documentId, CancellationToken cancellationToken = default)
    {
        var id = KnowledgeArgument.DatasetId(datasetId);
        var doc = KnowledgeArgument.DocumentId(documentId);
        var req = _core.Request("deleteDocument", HttpMethod.Delete, $"datasets/{DifyPath.Segment(id)}/documents/{DifyPath.Segment(doc)}", DifyOperationKind.Write);
        return _core.SendAsync(req, cancellationToken);
    }

    public Task<DifyDocumentOperationResult> UpdateAsync(string datasetId, string documentId, DocumentFileSettings? settings, Stream? content = null, string? fileName = null, string? contentType = null, CancellationToken cancellationToken = default)
    {
        var id = KnowledgeArgument.DatasetId(datasetId);
        var doc = KnowledgeArgument.DocumentId(documentId);
        if (settings is null && content is null)
            throw new ArgumentNullException(nameof(settings), "settings is required when no new file is given: pass the settings to change, a new file, or both.");
        return SendFile("updateDocument", HttpMethod.Patch, $"datasets/{DifyPath.Segment(id)}/documents/{DifyPath.Segment(doc)}", content, fileName, settings, contentType, fileRequired: false, cancellationToken);
    }

    public Task<DifyDocumentOperationResult> UpdateByTextAsync(string datasetId, string documentId, UpdateDocumentByTextRequest request, CancellationToken cancellationToken = default)
    {
        var id = KnowledgeArgument.DatasetId(datasetId);
        var doc = KnowledgeArgument.DocumentId(documentId);
        ArgumentNullException.ThrowIfNull(request);
        if (request.Name is null && request.Text is null)
            throw new ArgumentException("request needs a Name or a Text (or both): Dify refuses an update that changes neither.", "request.Text");
        if (request.Name is not null) DifyArgument.NotBlank(request.Name, "request.Name", "pass the new document name, or null to keep it.");
        if (request.Text is not null) DifyArgument.NotBlank(request.Text, "request.Text", "pass the new text, or null to keep it.");
        KnowledgeArgument.ProcessRule(request.ProcessRule, "request.ProcessRule");
        KnowledgeArgument.RetrievalModel(request.RetrievalModel, "request.RetrievalModel");
        var req = _core.Request("updateDocumentByText", HttpMethod.Post, $"datasets/{DifyPath.Segment(id)}/documents/{DifyPath.Segment(doc)}/update-by-text", DifyOperationKind.Write) with
        {
            ContentFactory = DifyApiCore.Json(request, KnowledgeJsonContext.Default.UpdateDocumentByTextRequest, nameof(request)),
        };
        return _core.SendAsync(req, KnowledgeJsonContext.Default.DifyDocumentOperationResult, cancellationToken);
    }

    public Task<DifyDocumentOperationResult> UpdateByFileAsync(string datasetId, string documentId, Stream content, string fileName, DocumentFileSettings? settings = null, string? contentType = null, CancellationToken cancellationToken = default)
    {
        var id = KnowledgeArgument.DatasetId(datasetId);
        var doc = KnowledgeArgument.DocumentId(documentId);
        return SendFile("updateDocumentByFile", HttpMethod.Post, $"datasets/{DifyPath.Segment(id)}/documents/{DifyPath.Segment(doc)}/update-by-file", content, fileName, settings, contentType, fileRequired: true, cancellationToken);
    }

    public Task<DifyDocumentDownload> GetDownloadUrlAsync(string datasetId, string documentId, CancellationToken cancellationToken = default)
    {
        var id = KnowledgeArgument.DatasetId(datasetId);
        var doc = KnowledgeArgument.DocumentId(documentId);
        var req = _core.Request("downloadDocument", HttpMethod.Get, $"datasets/{DifyPath.Segment(id)}/documents/{DifyPath.Segment(doc)}/download", DifyOperationKind.Read);
        return _core.SendAsync(req, KnowledgeJsonContext.Default.DifyDocumentDownload, cancellationToken);
    }

    public Task<DifyBinaryContent> DownloadZipAsync(string datasetId, IReadOnlyList<string> documentIds, CancellationToken cancellationToken = default)
    {
        var id = KnowledgeArgument.DatasetId(datasetId);
        var ids = KnowledgeArgument.Ids(documentIds, nameof(documentIds), "document", KnowledgeArgument.MaxDocumentIds);
        // A POST that only reads: safe to send again.
        var req = _core.Request("downloadDocumentsZip", HttpMethod.Post, $"datasets/{DifyPath.Segment(id)}/documents/download-zip", DifyOperationKind.Read) with
        {
            ContentFactory = DifyApiCore.Json(new DocumentIdsBody(ids), KnowledgeJsonContext.Default.DocumentIdsBody, nameof(documentIds)),
            Streaming = true,
        };
        return _core.SendForContentAsync(req, cancellationToken);
    }

    public Task SetStatusAsync(string datasetId, DifyDocumentStatusAction action, IReadOnlyList<string> documentIds, CancellationToken cancellationToken = default)
    {
        var id = KnowledgeArgument.DatasetId(datasetId);
        var verb = action switch
        {
            DifyDocumentStatusAction.Enable => "enable",
            DifyDocumentStatusAction.Disable => "disable",
            DifyDocumentStatusAction.Archive => "archive",
            DifyDocumentStatusAction.Unarchive => "un_archive",
            _ => throw new ArgumentOutOfRangeException(nameof(action), action, "action must be Enable, Disable, Archive or Unarchive."),
        };
        var ids = KnowledgeArgument.Ids(documentIds, nameof(documentIds), "document", KnowledgeArgument.MaxDocumentIds);
        var req = _core.Request("batchUpdateDocumentStatus", HttpMethod.Patch, $"datasets/{DifyPath.Segment(id)}/documents/status/{verb}", DifyOperationKind.Write) with
        {
            ContentFactory = DifyApiCore.Json(new DocumentIdsBody(ids), KnowledgeJsonContext.Default.DocumentIdsBody, nameof(documentIds)),
        };
        return _core.SendAsync(req, KnowledgeJsonContext.Default.KnowledgeResult, cancellationToken);
    }

    public async Task<IReadOnlyList<DifyDocumentIndexingStatus>> GetIndexingStatusAsync(string datasetId, string batch, CancellationToken cancellationToken = default)
    {
        var id = KnowledgeArgument.DatasetId(datasetId);
        var b = KnowledgeArgument.Batch(batch);
        var req = _core.Request("getDocumentIndexingStatus", HttpMethod.Get, $"datasets/{DifyPath.Segment(id)}/documents/{DifyPath.Segment(b)}/indexing-status", DifyOperationKind.Read);
        var result = await _core.SendAsync(req, KnowledgeJsonContext.Default.DataEnvelopeListDifyDocumentIndexingStatus, cancellationToken).ConfigureAwait(false);
        return result.Data ?? [];
    }

    public Task<IReadOnlyList<DifyDocumentIndexingStatus>> WaitForIndexingAsync(string datasetId, string batch, DifyIndexingWaitOptions? options = null, IProgress<DifyIndexingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        KnowledgeArgument.DatasetId(datasetId);
        KnowledgeArgument.Batch(batch);
        var o = options ?? new DifyIndexingWaitOptions();
        IndexingWaiter.Check(o);
        return IndexingWaiter.WaitAsync(this, _core.TimeProvider, datasetId, batch, o, progress, cancellationToken);
    }

    public Task<DifyDocumentUpsertResult> UpsertByTextAsync(string datasetId, string externalKey, CreateDocumentByTextRequest request, CancellationToken cancellationToken = default)
    {
        KnowledgeArgument.DatasetId(datasetId);
        var key = DocumentUpserter.Key(externalKey);
        ArgumentNullException.ThrowIfNull(request);
        if (request.Name is not null && !string.Equals(request.Name, key, StringComparison.Ordinal))
            throw new ArgumentException($"request.Name '{request.Name}' differs from externalKey: the key is the document's name; leave request.Name null.", "request.Name");
        var create = request with { Name = key };
        CheckCreateByText(create);
        return DocumentUpserter.UpsertByTextAsync(this, datasetId, key, create, cancellationToken);
    }

    public Task<DifyDocumentUpsertResult> UpsertByFileAsync(string datasetId, string externalKey, Stream content, DocumentFileSettings? settings = null, string? contentType = null, CancellationToken cancellationToken = default)
    {
        KnowledgeArgument.DatasetId(datasetId);
        var key = DocumentUpserter.Key(externalKey);
        DifyMultipart.FileName(key, nameof(externalKey));
        ArgumentNullException.ThrowIfNull(content);
        if (!content.CanSeek)
            throw new ArgumentException("content must be seekable for an upsert (it may be sent again after a lost answer): copy it to a MemoryStream or a FileStream first.", nameof(content));
        DifyMultipart.CheckSize(content, _core.Options.MaxUploadBytes, nameof(content));
        DifyFilesApi.ContentType(contentType, nameof(contentType));
        if (settings?.Name is not null && !string.Equals(settings.Name, key, StringComparison.Ordinal))
            throw new ArgumentException($"settings.Name '{settings.Name}' differs from externalKey: the key is the document's name; leave settings.Name null.", "settings.Name");
        return DocumentUpserter.UpsertByFileAsync(this, datasetId, key, content, settings, contentType, cancellationToken);
    }

    private Task<DifyDocumentOperationResult> SendFile(
        string operation, HttpMethod method, string path, Stream? content, string? fileName, DocumentFileSettings? settings, string? contentType, bool fileRequired, CancellationToken cancellationToken)
    {
        string? name = null;
        if (content is null)
        {
            if (fileRequired) throw new ArgumentNullException(nameof(content), "content is required: pass the file's stream (e.g. File.OpenRead(path)).");
        }
        else
        {
            name = DifyMultipart.FileName(fileName, nameof(fileName));
            DifyMultipart.CheckSize(content, _core.Options.MaxUploadBytes, nameof(content));
        }
        var type = DifyFilesApi.ContentType(contentType, nameof(contentType)) ?? "application/octet-stream";
        byte[]? data = null;
        if (settings is not null)
        {
            KnowledgeArgument.IndexingTechnique(settings.IndexingTechnique, "settings.IndexingTechnique");
            KnowledgeArgument.ProcessRule(settings.ProcessRule, "settings.ProcessRule");
            KnowledgeArgument.RetrievalModel(settings.RetrievalModel, "settings.RetrievalModel");
            data = Serialize(settings);
        }
        var (factory, replayable) = KnowledgeMultipart.Build(content, name, type, data, _core.Options.MaxUploadBytes);
        var req = _core.Request(operation, method, path, DifyOperationKind.Write) with { ContentFactory = factory, IsReplayable = replayable };
        return _core.SendAsync(req, KnowledgeJsonContext.Default.DifyDocumentOperationResult, cancellationToken);
    }

    private static byte[] Serialize(DocumentFileSettings settings)
    {
        try
        {
            return JsonSerializer.SerializeToUtf8Bytes(settings, KnowledgeJsonContext.Default.DocumentFileSettings);
        }
        catch (Exception ex) when (ex is NotSupportedException or InvalidOperationException)
        {
            throw new ArgumentException("A value in settings cannot be serialized: " + ex.Message, nameof(settings), ex);
        }
    }

    private static void CheckCreateByText(CreateDocumentByTextRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        DifyArgument.NotBlank(request.Name, "request.Name", "pass the document name (e.g. faq.md); the upsert helpers use it as the external key.");
        DifyArgument.NotBlank(request.Text, "request.Text", "pass the document's text.");
        KnowledgeArgument.IndexingTechnique(request.IndexingTechnique, "request.IndexingTechnique");
        KnowledgeArgument.ProcessRule(request.ProcessRule, "request.ProcessRule");
        KnowledgeArgument.RetrievalModel(request.RetrievalModel, "request.RetrievalModel");
        if (request.DocForm is not (null or "text_model" or "hierarchical_model" or "qa_model"))
            throw new ArgumentException($"request.DocForm must be text_model, hierarchical_model or qa_model (got '{request.DocForm}'), or null.", "request.DocForm");
        if (request.OriginalDocumentId is not null) DifyArgument.Id(request.OriginalDocumentId, "request.OriginalDocumentId", "document");
    }

    private static void CheckStatus(string? status)
    {
        if (status is null or "queuing" or "indexing" or "paused" or "error" or "available" or "disabled" or "archived") return;
        throw new ArgumentException($"status must be queuing, indexing, paused, error, available, disabled or archived (got '{status}'), or null for all.", nameof(status));
    }
}
