using System.Collections.Concurrent;
using System.Globalization;
using Dify.HA.Testing.Store;

namespace Dify.HA.Testing.Knowledge;

/// <summary>
/// The Knowledge API data of one region's workspace. One lock (<see cref="Gate"/>) guards the collections and the
/// mutable fields of what they hold: knowledge calls are small and tests are the only load, so simple beats clever.
/// </summary>
internal sealed class KnowledgeStore
{
    private long _batchCounter;

    public Lock Gate { get; } = new();

    public Dictionary<Guid, StoredDataset> Datasets { get; } = [];

    public Dictionary<Guid, StoredDocument> Documents { get; } = [];

    public Dictionary<Guid, StoredSegment> Segments { get; } = [];

    public Dictionary<Guid, StoredTag> Tags { get; } = [];

    /// <summary>Uploaded files of documents and of the pipeline's file upload (served by their signed URLs).</summary>
    public ConcurrentDictionary<Guid, StoredFile> Files { get; } = new();

    public KnowledgeRateLimiter RateLimiter { get; } = new();

    /// <summary>A batch id as Dify makes them (<c>yyyyMMddHHmmss</c> + six digits), unique in the store.</summary>
    public string NextBatch(DateTimeOffset now)
    {
        var n = Interlocked.Increment(ref _batchCounter);
        return now.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + (100000 + (n % 900000)).ToString(CultureInfo.InvariantCulture);
    }

    public IEnumerable<StoredDocument> DocumentsOf(Guid datasetId) =>
        Documents.Values.Where(d => d.DatasetId == datasetId).OrderBy(d => d.Position);

    public IEnumerable<StoredSegment> SegmentsOf(Guid documentId) =>
        Segments.Values.Where(s => s.DocumentId == documentId).OrderBy(s => s.Position);

    public void RemoveDocument(StoredDocument document)
    {
        Documents.Remove(document.Id);
        foreach (var segment in SegmentsOf(document.Id).ToList())
            Segments.Remove(segment.Id);
    }
}
