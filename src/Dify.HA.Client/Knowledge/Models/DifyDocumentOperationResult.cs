namespace Dify.HA.Client;

/// <summary>What a document create or update answers: the document and the indexing batch to poll.</summary>
public sealed record DifyDocumentOperationResult
{
    /// <summary>The document.</summary>
    public DifyDocument? Document { get; init; }

    /// <summary>The indexing batch: pass it to <c>GetIndexingStatusAsync</c> / <c>WaitForIndexingAsync</c>.</summary>
    public string? Batch { get; init; }
}
