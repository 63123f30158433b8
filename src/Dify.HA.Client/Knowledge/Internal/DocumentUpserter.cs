using Dify.HA.Client.Api;

namespace Dify.HA.Client.Knowledge.Internal;

/// <summary>
/// The idempotent upserts: find the document named by the external key, update it when found, create it otherwise; and
/// when a create's answer is lost, look again before sending anything twice.
/// </summary>
/// <remarks>
/// This makes a retried call safe (the usual case: a worker's job re-run after a timeout). It does not make two callers
/// that upsert the same key at the same moment safe: both may find nothing and both create. Serialize them per key (a
/// queue partition, a lock) when that can happen.
/// </remarks>
internal static class DocumentUpserter
{
    public static string Key(string? externalKey)
    {
        var key = DifyArgument.NotBlank(externalKey, nameof(externalKey), "pass your stable key of the document (e.g. its path or id in your system); it becomes the document name.");
        if (key.Length > KnowledgeArgument.MaxExternalKeyLength)
            throw new ArgumentException($"externalKey is {key.Length} characters long; a Dify document name holds at most {KnowledgeArgument.MaxExternalKeyLength}: use a shorter key (e.g. a hash).", nameof(externalKey));
        return key;
    }

    public static async Task<DifyDocumentUpsertResult> UpsertByTextAsync(
        IDifyDocumentsApi documents, string datasetId, string key, CreateDocumentByTextRequest create, CancellationToken cancellationToken)
    {
        var existing = await FindAsync(documents, datasetId, key, cancellationToken).ConfigureAwait(false);
        if (existing is not null && IsBusy(existing)) return Pending(existing);
        if (existing?.Id is { } id)
        {
            var update = new UpdateDocumentByTextRequest
            {
                Name = key,
                Text = create.Text,
                ProcessRule = create.ProcessRule,
                DocForm = create.DocForm,
                DocLanguage = create.DocLanguage,
                RetrievalModel = create.RetrievalModel,
            };
            var updated = await documents.UpdateByTextAsync(datasetId, id, update, cancellationToken).ConfigureAwait(false);
            return new DifyDocumentUpsertResult { Document = updated.Document, Batch = updated.Batch, Outcome = DifyUpsertOutcome.Updated };
        }

        return await CreateOnceAsync(
            documents, datasetId, key, ct => documents.CreateByTextAsync(datasetId, create, ct), cancellationToken).ConfigureAwait(false);
    }

    public static async Task<DifyDocumentUpsertResult> UpsertByFileAsync(
        IDifyDocumentsApi documents, string datasetId, string key, Stream content, DocumentFileSettings? settings, string? contentType, CancellationToken cancellationToken)
    {
        var start = content.Position;
        var existing = await FindAsync(documents, datasetId, key, cancellationToken).ConfigureAwait(false);
        if (existing is not null && IsBusy(existing)) return Pending(existing);
        if (existing?.Id is { } id)
        {
            var updated = await documents.UpdateByFileAsync(datasetId, id, content, key, settings, contentType, cancellationToken).ConfigureAwait(false);
            return new DifyDocumentUpsertResult { Document = updated.Document, Batch = updated.Batch, Outcome = DifyUpsertOutcome.Updated };
        }

        return await CreateOnceAsync(documents, datasetId, key, ct =>
        {
            // A second create (after the first provably did not happen) must send the whole file again.
            content.Position = start;
            return documents.CreateByFileAsync(datasetId, content, key, settings, contentType, ct);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether the document is still on its way: Dify updates only available documents (400 "Document is not
    /// available" otherwise), and one still indexing will become available by itself. A document in <c>error</c>, disabled
    /// or archived will not: the update is sent and Dify's 400 raised (delete it, or enable it, and upsert again).</summary>
    private static bool IsBusy(DifyDocument document) => document.IndexingStatus is
        DifyDocumentIndexingStates.Waiting or DifyDocumentIndexingStates.Parsing or DifyDocumentIndexingStates.Cleaning
        or DifyDocumentIndexingStates.Splitting or DifyDocumentIndexingStates.Indexing or DifyDocumentIndexingStates.Paused;

    private static DifyDocumentUpsertResult Pending(DifyDocument document)
        => new() { Document = document, Batch = null, Outcome = DifyUpsertOutcome.Pending };

    /// <summary>Creates; when the answer is lost after the request may have arrived, looks for the document before
    /// creating again (at most once).</summary>
    private static async Task<DifyDocumentUpsertResult> CreateOnceAsync(
        IDifyDocumentsApi documents, string datasetId, string key,
        Func<CancellationToken, Task<DifyDocumentOperationResult>> create, CancellationToken cancellationToken)
    {
        try
        {
            var created = await create(cancellationToken).ConfigureAwait(false);
            return new DifyDocumentUpsertResult { Document = created.Document, Batch = created.Batch, Outcome = DifyUpsertOutcome.Created };
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && MayHaveArrived(ex))
        {
            var found = await FindAsync(documents, datasetId, key, cancellationToken).ConfigureAwait(false);
            if (found is not null)
                return new DifyDocumentUpsertResult { Document = found, Batch = null, Outcome = DifyUpsertOutcome.Recovered };
            // Nothing under the key: the create never took effect, so sending it again cannot duplicate.
            var created = await create(cancellationToken).ConfigureAwait(false);
            return new DifyDocumentUpsertResult { Document = created.Document, Batch = created.Batch, Outcome = DifyUpsertOutcome.Created };
        }
    }

    /// <summary>Whether a failed create may have been carried out: Dify (or the network) lost the answer after the request
    /// was sent (5xx, reset, timeout). A 4xx is a refusal: nothing was created and it is raised as is.</summary>
    private static bool MayHaveArrived(Exception ex)
        => DifyFailureClassifier.Classify(ex, DifyOperationKind.Write, requestSent: true) == DifyFailureClass.Ambiguous;

    /// <summary>The document whose name is exactly <paramref name="key"/> (Dify's keyword search is a substring match), the
    /// oldest one if an earlier bug left several.</summary>
    private static async Task<DifyDocument?> FindAsync(IDifyDocumentsApi documents, string datasetId, string key, CancellationToken cancellationToken)
    {
        DifyDocument? match = null;
        await foreach (var document in documents.ListAllAsync(datasetId, keyword: key, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (!string.Equals(document.Name, key, StringComparison.Ordinal)) continue;
            if (match is null || (document.CreatedAt ?? DateTimeOffset.MaxValue) < (match.CreatedAt ?? DateTimeOffset.MaxValue)) match = document;
        }
        return match;
    }
}
