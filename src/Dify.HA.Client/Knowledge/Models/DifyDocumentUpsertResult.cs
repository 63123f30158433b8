namespace Dify.HA.Client;

/// <summary>What an upsert did.</summary>
public sealed record DifyDocumentUpsertResult
{
    /// <summary>The document (created, updated, or found after a lost answer).</summary>
    public DifyDocument? Document { get; init; }

    /// <summary>The indexing batch to wait for; null when the document was found after a create whose answer was lost (wait on the document's <see cref="DifyDocument.IndexingStatus"/> instead).</summary>
    public string? Batch { get; init; }

    /// <summary>Whether the document was created, updated, or recovered after a lost answer.</summary>
    public DifyUpsertOutcome Outcome { get; init; }
}
