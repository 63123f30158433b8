namespace Dify.HA.Client;

/// <summary>Segments (chunks) of a document, and child chunks of a segment (hierarchical documents).</summary>
public interface IDifySegmentsApi
{
    /// <summary>Adds chunks to a document (<c>createSegments</c>). Not idempotent.</summary>
    /// <param name="datasetId">The dataset id.</param>
    /// <param name="documentId">The document id.</param>
    /// <param name="segments">At least one chunk, each with non-blank content.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The chunks created.</returns>
    Task<IReadOnlyList<DifySegment>> CreateAsync(string datasetId, string documentId, IReadOnlyList<SegmentInput> segments, CancellationToken cancellationToken = default);

    /// <summary>Lists a document's chunks, one page (<c>listSegments</c>).</summary>
    /// <param name="datasetId">The dataset id.</param>
    /// <param name="documentId">The document id.</param>
    /// <param name="page">1-based page. Default 1.</param>
    /// <param name="limit">Items per page, 1 to 100. Default 20.</param>
    /// <param name="keyword">Only chunks containing this.</param>
    /// <param name="status">Only chunks in these statuses (e.g. <c>completed</c>).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    Task<DifyNumberedPage<DifySegment>> ListAsync(string datasetId, string documentId, int page = 1, int limit = 20, string? keyword = null, IReadOnlyList<string>? status = null, CancellationToken cancellationToken = default);

    /// <summary>Every chunk of a document, page after page (<c>listSegments</c>, <c>has_more</c>).</summary>
    /// <param name="datasetId">The dataset id.</param>
    /// <param name="documentId">The document id.</param>
    /// <param name="keyword">Only chunks containing this.</param>
    /// <param name="status">Only chunks in these statuses.</param>
    /// <param name="pageSize">Items per request, 1 to 100. Default 100.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The chunks.</returns>
    IAsyncEnumerable<DifySegment> ListAllAsync(string datasetId, string documentId, string? keyword = null, IReadOnlyList<string>? status = null, int pageSize = 100, CancellationToken cancellationToken = default);

    /// <summary>Reads a chunk (<c>getSegmentDetail</c>).</summary>
    /// <param name="datasetId">The dataset id.</param>
    /// <param name="documentId">The document id.</param>
    /// <param name="segmentId">The segment id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The chunk.</returns>
    Task<DifySegment> GetAsync(string datasetId, string documentId, string segmentId, CancellationToken cancellationToken = default);

    /// <summary>Changes a chunk (<c>updateSegment</c>); null members are left unchanged.</summary>
    /// <param name="datasetId">The dataset id.</param>
    /// <param name="documentId">The document id.</param>
    /// <param name="segmentId">The segment id.</param>
    /// <param name="update">The changes.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The chunk.</returns>
    Task<DifySegment> UpdateAsync(string datasetId, string documentId, string segmentId, SegmentUpdate update, CancellationToken cancellationToken = default);

    /// <summary>Deletes a chunk (<c>deleteSegment</c>).</summary>
    /// <param name="datasetId">The dataset id.</param>
    /// <param name="documentId">The document id.</param>
    /// <param name="segmentId">The segment id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task completed when Dify answered 204.</returns>
    Task DeleteAsync(string datasetId, string documentId, string segmentId, CancellationToken cancellationToken = default);

    /// <summary>Adds a child chunk to a segment (<c>createChildChunk</c>). Not idempotent.</summary>
    /// <param name="datasetId">The dataset id.</param>
    /// <param name="documentId">The document id.</param>
    /// <param name="segmentId">The segment id.</param>
    /// <param name="content">The text, non-blank.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The child chunk.</returns>
    Task<DifyChildChunk> CreateChildChunkAsync(string datasetId, string documentId, string segmentId, string content, CancellationToken cancellationToken = default);

    /// <summary>Lists a segment's child chunks, one page (<c>getChildChunks</c>; <see cref="DifyNumberedPage{T}.HasMore"/>
    /// is computed from Dify's <c>total_pages</c>).</summary>
    /// <param name="datasetId">The dataset id.</param>
    /// <param name="documentId">The document id.</param>
    /// <param name="segmentId">The segment id.</param>
    /// <param name="page">1-based page. Default 1.</param>
    /// <param name="limit">Items per page, 1 to 100. Default 20.</param>
    /// <param name="keyword">Only child chunks containing this.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    Task<DifyNumberedPage<DifyChildChunk>> ListChildChunksAsync(string datasetId, string documentId, string segmentId, int page = 1, int limit = 20, string? keyword = null, CancellationToken cancellationToken = default);

    /// <summary>Every child chunk of a segment, page after page.</summary>
    /// <param name="datasetId">The dataset id.</param>
    /// <param name="documentId">The document id.</param>
    /// <param name="segmentId">The segment id.</param>
    /// <param name="keyword">Only child chunks containing this.</param>
    /// <param name="pageSize">Items per request, 1 to 100. Default 100.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The child chunks.</returns>
    IAsyncEnumerable<DifyChildChunk> ListAllChildChunksAsync(string datasetId, string documentId, string segmentId, string? keyword = null, int pageSize = 100, CancellationToken cancellationToken = default);

    /// <summary>Replaces a child chunk's text (<c>updateChildChunk</c>).</summary>
    /// <param name="datasetId">The dataset id.</param>
    /// <param name="documentId">The document id.</param>
    /// <param name="segmentId">The segment id.</param>
    /// <param name="childChunkId">The child chunk id.</param>
    /// <param name="content">The new text, non-blank.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The child chunk.</returns>
    Task<DifyChildChunk> UpdateChildChunkAsync(string datasetId, string documentId, string segmentId, string childChunkId, string content, CancellationToken cancellationToken = default);

    /// <summary>Deletes a child chunk (<c>deleteChildChunk</c>).</summary>
    /// <param name="datasetId">The dataset id.</param>
    /// <param name="documentId">The document id.</param>
    /// <param name="segmentId">The segment id.</param>
    /// <param name="childChunkId">The child chunk id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task completed when Dify answered 204.</returns>
    Task DeleteChildChunkAsync(string datasetId, string documentId, string segmentId, string childChunkId, CancellationToken cancellationToken = default);
}
