using Dify.HA.Client.Api;
using Dify.HA.Client.Knowledge.Internal;

namespace Dify.HA.Client.Knowledge;

internal sealed class DifySegmentsApi : IDifySegmentsApi
{
    private readonly DifyApiCore _core;

    public DifySegmentsApi(DifyApiCore core) => _core = core;

    public async Task<IReadOnlyList<DifySegment>> CreateAsync(string datasetId, string documentId, IReadOnlyList<SegmentInput> segments, CancellationToken cancellationToken = default)
    {
        var path = DocumentPath(datasetId, documentId) + "/segments";
        if (segments is null) throw new ArgumentNullException(nameof(segments), "segments is required: pass at least one SegmentInput with Content.");
        if (segments.Count == 0) throw new ArgumentException("segments is empty: pass at least one SegmentInput with Content.", nameof(segments));
        for (var i = 0; i < segments.Count; i++)
        {
            if (segments[i] is null) throw new ArgumentNullException($"segments[{i}]", $"segments[{i}] is null: remove it or pass a SegmentInput.");
            DifyArgument.NotBlank(segments[i].Content, $"segments[{i}].Content", "pass the chunk's text.");
        }
        var req = _core.Request("createSegments", HttpMethod.Post, path, DifyOperationKind.Write) with
        {
            ContentFactory = DifyApiCore.Json(new SegmentsBody(segments), KnowledgeJsonContext.Default.SegmentsBody, nameof(segments)),
        };
        var result = await _core.SendAsync(req, KnowledgeJsonContext.Default.DataEnvelopeListDifySegment, cancellationToken).ConfigureAwait(false);
        return result.Data ?? [];
    }

    public Task<DifyNumberedPage<DifySegment>> ListAsync(string datasetId, string documentId, int page = 1, int limit = 20, string? keyword = null, IReadOnlyList<string>? status = null, CancellationToken cancellationToken = default)
    {
        var basePath = DocumentPath(datasetId, documentId) + "/segments";
        DifyArgument.Page(page, nameof(page));
        DifyArgument.Limit(limit, nameof(limit));
        var path = DifyPath.WithQuery(basePath, ("page", DifyPath.Int(page)), ("limit", DifyPath.Int(limit)), ("keyword", keyword));
        if (status is { Count: > 0 })
        {
            foreach (var s in status) DifyArgument.NotBlank(s, nameof(status), "pass segment statuses such as completed, or null for all.");
            path += "&" + string.Join('&', status.Select(s => "status=" + Uri.EscapeDataString(s)));
        }
        var req = _core.Request("listSegments", HttpMethod.Get, path, DifyOperationKind.Read);
        return _core.SendAsync(req, KnowledgeJsonContext.Default.DifyNumberedPageDifySegment, cancellationToken);
    }

    public IAsyncEnumerable<DifySegment> ListAllAsync(string datasetId, string documentId, string? keyword = null, IReadOnlyList<string>? status = null, int pageSize = 100, CancellationToken cancellationToken = default)
    {
        DocumentPath(datasetId, documentId);
        DifyArgument.Limit(pageSize, nameof(pageSize));
        return KnowledgePaging.WalkAsync((page, ct) => ListAsync(datasetId, documentId, page, pageSize, keyword, status, ct), cancellationToken);
    }

    public async Task<DifySegment> GetAsync(string datasetId, string documentId, string segmentId, CancellationToken cancellationToken = default)
    {
        var req = _core.Request("getSegmentDetail", HttpMethod.Get, SegmentPath(datasetId, documentId, segmentId), DifyOperationKind.Read);
        return Unwrap(await _core.SendAsync(req, KnowledgeJsonContext.Default.DataEnvelopeDifySegment, cancellationToken).ConfigureAwait(false), req.Operation);
    }

    public async Task<DifySegment> UpdateAsync(string datasetId, string documentId, string segmentId, SegmentUpdate update, CancellationToken cancellationToken = default)
    {
        var path = SegmentPath(datasetId, documentId, segmentId);
        ArgumentNullException.ThrowIfNull(update);
        if (update.Content is not null) DifyArgument.NotBlank(update.Content, "update.Content", "pass the new text, or null to keep it.");
        var req = _core.Request("updateSegment", HttpMethod.Post, path, DifyOperationKind.Write) with
        {
            ContentFactory = DifyApiCore.Json(new SegmentUpdateBody(update), KnowledgeJsonContext.Default.SegmentUpdateBody, nameof(update)),
        };
        return Unwrap(await _core.SendAsync(req, KnowledgeJsonContext.Default.DataEnvelopeDifySegment, cancellationToken).ConfigureAwait(false), req.Operation);
    }

    public Task DeleteAsync(string datasetId, string documentId, string segmentId, CancellationToken cancellationToken = default)
    {
        var req = _core.Request("deleteSegment", HttpMethod.Delete, SegmentPath(datasetId, documentId, segmentId), DifyOperationKind.Write);
        return _core.SendAsync(req, cancellationToken);
    }

    public async Task<DifyChildChunk> CreateChildChunkAsync(string datasetId, string documentId, string segmentId, string content, CancellationToken cancellationToken = default)
    {
        var path = SegmentPath(datasetId, documentId, segmentId) + "/child_chunks";
        var text = DifyArgument.NotBlank(content, nameof(content), "pass the child chunk's text.");
        var req = _core.Request("createChildChunk", HttpMethod.Post, path, DifyOperationKind.Write) with
        {
            ContentFactory = DifyApiCore.Json(new ContentBody(text), KnowledgeJsonContext.Default.ContentBody, nameof(content)),
        };
        return Unwrap(await _core.SendAsync(req, KnowledgeJsonContext.Default.DataEnvelopeDifyChildChunk, cancellationToken).ConfigureAwait(false), req.Operation);
    }

    public async Task<DifyNumberedPage<DifyChildChunk>> ListChildChunksAsync(string datasetId, string documentId, string segmentId, int page = 1, int limit = 20, string? keyword = null, CancellationToken cancellationToken = default)
    {
        var basePath = SegmentPath(datasetId, documentId, segmentId) + "/child_chunks";
        DifyArgument.Page(page, nameof(page));
        DifyArgument.Limit(limit, nameof(limit));
        var path = DifyPath.WithQuery(basePath, ("page", DifyPath.Int(page)), ("limit", DifyPath.Int(limit)), ("keyword", keyword));
        var req = _core.Request("getChildChunks", HttpMethod.Get, path, DifyOperationKind.Read);
        var result = await _core.SendAsync(req, KnowledgeJsonContext.Default.ChildChunkPage, cancellationToken).ConfigureAwait(false);
        // Dify pages child chunks by total_pages and sends no has_more: derive it so paging looks the same everywhere.
        var current = result.Page ?? page;
        return new DifyNumberedPage<DifyChildChunk>
        {
            Page = current,
            Limit = result.Limit ?? limit,
            Total = result.Total,
            HasMore = result.TotalPages is { } pages && current < pages,
            Data = result.Data,
        };
    }

    public IAsyncEnumerable<DifyChildChunk> ListAllChildChunksAsync(string datasetId, string documentId, string segmentId, string? keyword = null, int pageSize = 100, CancellationToken cancellationToken = default)
    {
        SegmentPath(datasetId, documentId, segmentId);
        DifyArgument.Limit(pageSize, nameof(pageSize));
        return KnowledgePaging.WalkAsync((page, ct) => ListChildChunksAsync(datasetId, documentId, segmentId, page, pageSize, keyword, ct), cancellationToken);
    }

    public async Task<DifyChildChunk> UpdateChildChunkAsync(string datasetId, string documentId, string segmentId, string childChunkId, string content, CancellationToken cancellationToken = default)
    {
        var path = ChildPath(datasetId, documentId, segmentId, childChunkId);
        var text = DifyArgument.NotBlank(content, nameof(content), "pass the child chunk's new text.");
        var req = _core.Request("updateChildChunk", HttpMethod.Patch, path, DifyOperationKind.Write) with
        {
            ContentFactory = DifyApiCore.Json(new ContentBody(text), KnowledgeJsonContext.Default.ContentBody, nameof(content)),
        };
        return Unwrap(await _core.SendAsync(req, KnowledgeJsonContext.Default.DataEnvelopeDifyChildChunk, cancellationToken).ConfigureAwait(false), req.Operation);
    }

    public Task DeleteChildChunkAsync(string datasetId, string documentId, string segmentId, string childChunkId, CancellationToken cancellationToken = default)
    {
        var req = _core.Request("deleteChildChunk", HttpMethod.Delete, ChildPath(datasetId, documentId, segmentId, childChunkId), DifyOperationKind.Write);
        return _core.SendAsync(req, cancellationToken);
    }

    private static string DocumentPath(string datasetId, string documentId)
        => $"datasets/{DifyPath.Segment(KnowledgeArgument.DatasetId(datasetId))}/documents/{DifyPath.Segment(KnowledgeArgument.DocumentId(documentId))}";

    private static string SegmentPath(string datasetId, string documentId, string segmentId)
        => $"{DocumentPath(datasetId, documentId)}/segments/{DifyPath.Segment(KnowledgeArgument.SegmentId(segmentId))}";

    private static string ChildPath(string datasetId, string documentId, string segmentId, string childChunkId)
        => $"{SegmentPath(datasetId, documentId, segmentId)}/child_chunks/{DifyPath.Segment(DifyArgument.Id(childChunkId, nameof(childChunkId), "child chunk"))}";

    private static T Unwrap<T>(DataEnvelope<T> envelope, string operation) where T : class
        => envelope.Data ?? throw new System.Text.Json.JsonException($"Dify answered {operation} without its data member.");
}
