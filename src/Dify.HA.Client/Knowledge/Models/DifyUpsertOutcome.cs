namespace Dify.HA.Client;

/// <summary>What <c>Documents.UpsertByTextAsync</c> / <c>UpsertByFileAsync</c> did.</summary>
public enum DifyUpsertOutcome
{
    /// <summary>No document had the key: one was created.</summary>
    Created,

    /// <summary>A document with the key existed: it was updated with the new content.</summary>
    Updated,

    /// <summary>A document with the key exists but is still being indexed (or is paused): Dify refuses to update a
    /// document that is not available, so nothing was sent. Wait until its <see cref="DifyDocument.IndexingStatus"/> is
    /// <c>completed</c> (e.g. after a <see cref="Recovered"/> upsert) and upsert again.</summary>
    Pending,

    /// <summary>The create's answer was lost (timeout, reset, 5xx) but the document exists: it was found and nothing was sent again.</summary>
    Recovered,
}
