namespace Dify.HA.Client;

/// <summary>Documents of a dataset, and the helpers that make them safe to automate (indexing wait, idempotent upsert).</summary>
public interface IDifyDocumentsApi
{
    /// <summary>Creates a document from text (<c>createDocumentFromText</c>). NOT idempotent: sent again after a lost
    /// answer it makes a second document, so the HA pipeline never re-sends it after the request may have arrived. Use
    /// <see cref="UpsertByTextAsync"/> when a retry must not duplicate.</summary>
    /// <param name="datasetId">The dataset id.</param>
    /// <param name="request">Name and text (both required) and processing settings.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The document and the indexing batch.</returns>
    Task<DifyDocumentOperationResult> CreateByTextAsync(string datasetId, CreateDocumentByTextRequest request, CancellationToken cancellationToken = default);

    /// <summary>Creates a document from a file (<c>createDocumentFromFile</c>, multipart). NOT idempotent (see
    /// <see cref="CreateByTextAsync"/>); use <see cref="UpsertByFileAsync"/> when a retry must not duplicate.</summary>
    /// <param name="datasetId">The dataset id.</param>
    /// <param name="content">The file; a seekable stream is checked against <c>MaxUploadBytes</c> before sending.</param>
    /// <param name="fileName">The file name with its extension (becomes the document name).</param>
    /// <param name="settings">Processing settings (the <c>data</c> part). Default: the dataset's.</param>
    /// <param name="contentType">The MIME type. Default <c>application/octet-stream</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The document and the indexing batch.</returns>
    Task<DifyDocumentOperationResult> CreateByFileAsync(string datasetId, Stream content, string fileName, DocumentFileSettings? settings = null, string? contentType = null, CancellationToken cancellationToken = default);

    /// <summary>Lists documents, one page (<c>listDocuments</c>).</summary>
    /// <param name="datasetId">The dataset id.</param>
    /// <param name="page">1-based page. Default 1.</param>
    /// <param name="limit">Items per page, 1 to 100. Default 20.</param>
    /// <param name="keyword">Only documents whose name contains this.</param>
    /// <param name="status">Only documents in this display status (<c>queuing</c>, <c>indexing</c>, <c>paused</c>, <c>error</c>, <c>available</c>, <c>disabled</c>, <c>archived</c>).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    Task<DifyNumberedPage<DifyDocument>> ListAsync(string datasetId, int page = 1, int limit = 20, string? keyword = null, string? status = null, CancellationToken cancellationToken = default);

    /// <summary>Every document of a dataset, page after page (<c>listDocuments</c>, <c>has_more</c>).</summary>
    /// <param name="datasetId">The dataset id.</param>
    /// <param name="keyword">Only documents whose name contains this.</param>
    /// <param name="status">Only documents in this display status.</param>
    /// <param name="pageSize">Items per request, 1 to 100. Default 100.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The documents.</returns>
    IAsyncEnumerable<DifyDocument> ListAllAsync(string datasetId, string? keyword = null, string? status = null, int pageSize = 100, CancellationToken cancellationToken = default);

    /// <summary>Reads a document (<c>getDocumentDetail</c>).</summary>
    /// <param name="datasetId">The dataset id.</param>
    /// <param name="documentId">The document id.</param>
    /// <param name="metadata">How much metadata to include. Default <see cref="DifyDocumentMetadataMode.All"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The document.</returns>
    Task<DifyDocument> GetAsync(string datasetId, string documentId, DifyDocumentMetadataMode metadata = DifyDocumentMetadataMode.All, CancellationToken cancellationToken = default);

    /// <summary>Deletes a document (<c>deleteDocument</c>).</summary>
    /// <param name="datasetId">The dataset id.</param>
    /// <param name="documentId">The document id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task completed when Dify answered 204.</returns>
    Task DeleteAsync(string datasetId, string documentId, CancellationToken cancellationToken = default);

    /// <summary>Changes a document's settings and optionally its file (<c>updateDocument</c>, PATCH multipart).</summary>
    /// <param name="datasetId">The dataset id.</param>
    /// <param name="documentId">The document id.</param>
    /// <param name="settings">The new settings (the <c>data</c> part); null sends none.</param>
    /// <param name="content">A new file, or null to keep the current one.</param>
    /// <param name="fileName">The new file's name (required with <paramref name="content"/>).</param>
    /// <param name="contentType">The new file's MIME type.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The document and the indexing batch.</returns>
    Task<DifyDocumentOperationResult> UpdateAsync(string datasetId, string documentId, DocumentFileSettings? settings, Stream? content = null, string? fileName = null, string? contentType = null, CancellationToken cancellationToken = default);

    /// <summary>Replaces a document's text or name (<c>updateDocumentByText</c>); Dify re-indexes it.</summary>
    /// <param name="datasetId">The dataset id.</param>
    /// <param name="documentId">The document id.</param>
    /// <param name="request">The changes: at least a name or a text.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The document and the indexing batch.</returns>
    Task<DifyDocumentOperationResult> UpdateByTextAsync(string datasetId, string documentId, UpdateDocumentByTextRequest request, CancellationToken cancellationToken = default);

    /// <summary>Replaces a document's file (<c>updateDocumentByFile</c>); Dify re-indexes it.</summary>
    /// <param name="datasetId">The dataset id.</param>
    /// <param name="documentId">The document id.</param>
    /// <param name="content">The new file.</param>
    /// <param name="fileName">Its name with extension.</param>
    /// <param name="settings">Processing settings; null keeps the document's.</param>
    /// <param name="contentType">The MIME type.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The document and the indexing batch.</returns>
    Task<DifyDocumentOperationResult> UpdateByFileAsync(string datasetId, string documentId, Stream content, string fileName, DocumentFileSettings? settings = null, string? contentType = null, CancellationToken cancellationToken = default);

    /// <summary>Gets a short-lived download URL of a document's original file (<c>downloadDocument</c>).</summary>
    /// <param name="datasetId">The dataset id.</param>
    /// <param name="documentId">The document id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The URL.</returns>
    Task<DifyDocumentDownload> GetDownloadUrlAsync(string datasetId, string documentId, CancellationToken cancellationToken = default);

    /// <summary>Downloads the original files of up to 100 documents as one ZIP (<c>downloadDocumentsZip</c>). Dispose the result.</summary>
    /// <param name="datasetId">The dataset id.</param>
    /// <param name="documentIds">1 to 100 document ids.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The ZIP, streamed from the network.</returns>
    Task<DifyBinaryContent> DownloadZipAsync(string datasetId, IReadOnlyList<string> documentIds, CancellationToken cancellationToken = default);

    /// <summary>Enables, disables, archives or un-archives documents (<c>batchUpdateDocumentStatus</c>).</summary>
    /// <param name="datasetId">The dataset id.</param>
    /// <param name="action">The change.</param>
    /// <param name="documentIds">1 to 100 document ids.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task completed when Dify accepted it.</returns>
    Task SetStatusAsync(string datasetId, DifyDocumentStatusAction action, IReadOnlyList<string> documentIds, CancellationToken cancellationToken = default);

    /// <summary>Reads the indexing progress of a batch (<c>getDocumentIndexingStatus</c>).</summary>
    /// <param name="datasetId">The dataset id.</param>
    /// <param name="batch">The batch a create or update returned.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One status per document of the batch.</returns>
    Task<IReadOnlyList<DifyDocumentIndexingStatus>> GetIndexingStatusAsync(string datasetId, string batch, CancellationToken cancellationToken = default);

    /// <summary>
    /// Polls a batch's indexing status until every document completed, with a doubling delay (from
    /// <see cref="DifyIndexingWaitOptions.InitialDelay"/> to <see cref="DifyIndexingWaitOptions.MaxDelay"/>), timed by
    /// the client's <see cref="TimeProvider"/>. Dify's knowledge rate limit (403) is waited out
    /// (<see cref="DifyIndexingWaitOptions.RateLimitDelay"/>) rather than raised.
    /// </summary>
    /// <param name="datasetId">The dataset id.</param>
    /// <param name="batch">The batch a create or update returned.</param>
    /// <param name="options">Delays and deadline. Default <see cref="DifyIndexingWaitOptions"/>'s defaults.</param>
    /// <param name="progress">Told after each poll.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The final statuses, all <c>completed</c>.</returns>
    /// <exception cref="DifyIndexingFailedException">Every document stopped and one ended in <c>error</c> or <c>paused</c>.</exception>
    /// <exception cref="TimeoutException">The batch did not finish within <see cref="DifyIndexingWaitOptions.Timeout"/>.</exception>
    Task<IReadOnlyList<DifyDocumentIndexingStatus>> WaitForIndexingAsync(string datasetId, string batch, DifyIndexingWaitOptions? options = null, IProgress<DifyIndexingProgress>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates or updates the document named <paramref name="externalKey"/>, so that running it again (a retried job, a
    /// second worker) never makes a duplicate: it looks for a document with that exact name first and updates it by text
    /// when found; otherwise it creates one. When the create's answer is lost (timeout, reset, 5xx), it looks again and
    /// returns the document if the create did happen, instead of sending it twice.
    /// </summary>
    /// <param name="datasetId">The dataset id.</param>
    /// <param name="externalKey">Your stable key of the document (e.g. <c>kb/faq/returns.md</c>); it becomes the document name. 1 to 255 characters.</param>
    /// <param name="request">The text and settings; its <see cref="CreateDocumentByTextRequest.Name"/> must be null or equal the key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The document, the batch to wait for, and what was done.</returns>
    Task<DifyDocumentUpsertResult> UpsertByTextAsync(string datasetId, string externalKey, CreateDocumentByTextRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates or updates the document named <paramref name="externalKey"/> from a file, with the guarantees of
    /// <see cref="UpsertByTextAsync"/>. The file is sent under the key as its name, so the key must carry the file's extension
    /// (Dify derives the file type from it).
    /// </summary>
    /// <param name="datasetId">The dataset id.</param>
    /// <param name="externalKey">Your stable key, with the file's extension (e.g. <c>contracts-2026-0042.pdf</c>); no '/' or '\'.</param>
    /// <param name="content">The file (seekable, so it can be sent again after a lost answer).</param>
    /// <param name="settings">Processing settings.</param>
    /// <param name="contentType">The MIME type.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The document, the batch to wait for, and what was done.</returns>
    Task<DifyDocumentUpsertResult> UpsertByFileAsync(string datasetId, string externalKey, Stream content, DocumentFileSettings? settings = null, string? contentType = null, CancellationToken cancellationToken = default);
}
