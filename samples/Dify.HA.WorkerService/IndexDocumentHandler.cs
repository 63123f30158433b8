using Dify.HA.Client;
using Dify.HA.Data.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dify.HA.WorkerService;

/// <summary>
/// Indexes one document: upsert by its key (never a duplicate, even when a create's answer is lost), then wait until
/// Dify has indexed it. Failures are sorted for the task queue: Dify's permanent errors (a 4xx other than the
/// knowledge rate limit) and an indexing <c>error</c> dead-letter the task at once; everything else (5xx, timeouts,
/// the 403 knowledge rate limit, a document still being indexed) is thrown as is and retried with the queue's backoff.
/// </summary>
public sealed class IndexDocumentHandler(
    [FromKeyedServices(IndexerOptions.ClientName)] IDifyKnowledgeClient kb,
    DatasetResolver datasets,
    IndexingReport report,
    IOptions<IndexerOptions> options,
    TimeProvider time,
    ILogger<IndexDocumentHandler> logger) : ITaskHandler<IndexDocument>
{
    /// <inheritdoc />
    public async ValueTask HandleAsync(IndexDocument payload, TaskContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            var datasetId = await datasets.GetAsync(cancellationToken);

            // Effect-once step: once the upload is accepted, a later attempt of this task (after a wait timeout, a
            // crash, a lost acknowledgement) goes straight to waiting instead of uploading and re-indexing again.
            var step = await context.RunOnceAsync(
                "upsert",
                async ct =>
                {
                    var result = await kb.Documents.UpsertByTextAsync(
                        datasetId,
                        payload.Key,
                        new CreateDocumentByTextRequest
                        {
                            Name = payload.Key,
                            Text = payload.Text,
                            IndexingTechnique = "high_quality",
                            ProcessRule = new DifyProcessRule { Mode = "automatic" },
                        },
                        ct);
                    if (result.Outcome == DifyUpsertOutcome.Pending)
                    {
                        // Dify refuses to update a document it is still indexing; thrown inside the step so that
                        // the step is not marked done and the next attempt upserts again.
                        throw new InvalidOperationException($"Document '{payload.Key}' is still being indexed by an earlier upload; retrying later.");
                    }

                    var documentId = result.Document?.Id ?? throw new InvalidOperationException("Dify answered the upsert without a document id.");
                    WorkerLog.Upserted(logger, payload.Key, result.Outcome, context.Attempt);
                    return new UpsertStep(documentId, result.Batch, result.Outcome.ToString());
                },
                WorkerJson.Default.UpsertStep,
                cancellationToken);

            if (step.Batch is { } batch)
            {
                await kb.Documents.WaitForIndexingAsync(
                    datasetId,
                    batch,
                    new DifyIndexingWaitOptions { InitialDelay = options.Value.IndexingPollDelay, Timeout = options.Value.IndexingTimeout },
                    cancellationToken: cancellationToken);
            }
            else
            {
                // A recovered create has no batch id: watch the document itself.
                await WaitForDocumentAsync(datasetId, step.DocumentId, cancellationToken);
            }

            report.RecordIndexed(payload.Key, step.Outcome);
            WorkerLog.Indexed(logger, payload.Key, context.Attempt);
        }
        catch (DifyIndexingFailedException e)
        {
            WorkerLog.IndexingFailed(logger, payload.Key);
            throw new PermanentTaskException($"Dify could not index '{payload.Key}': {e.Message}", e);
        }
        catch (DifyApiException e) when (e.Classification == DifyFailureClass.Permanent)
        {
            WorkerLog.Rejected(logger, payload.Key, e.StatusCode, e.Code);
            throw new PermanentTaskException($"Dify rejected '{payload.Key}': {e.StatusCode} {e.Code}: {e.Message}", e);
        }
        catch (Exception e) when (e is not OperationCanceledException && e is not PermanentTaskException)
        {
            report.RecordFailedAttempt();
            // The knowledge rate limit counts per workspace over 60 s: the hint says how long waiting would take.
            WorkerLog.AttemptFailed(logger, payload.Key, context.Attempt, context.MaxAttempts, e.GetType().Name, DifyFailureClassifier.RetryDelayHint(e));
            throw;
        }
    }

    private async Task WaitForDocumentAsync(string datasetId, string documentId, CancellationToken cancellationToken)
    {
        var deadline = time.GetTimestamp() + (long)(options.Value.IndexingTimeout.TotalSeconds * time.TimestampFrequency);
        var delay = options.Value.IndexingPollDelay;
        while (true)
        {
            var document = await kb.Documents.GetAsync(datasetId, documentId, DifyDocumentMetadataMode.Without, cancellationToken);
            switch (document.IndexingStatus)
            {
                case "completed":
                    return;
                case "error" or "paused":
                    throw new DifyIndexingFailedException($"Document {documentId} ended '{document.IndexingStatus}': {document.Error}");
            }

            if (time.GetTimestamp() >= deadline)
                throw new TimeoutException($"Document {documentId} was not indexed within {options.Value.IndexingTimeout}.");
            await Task.Delay(delay, time, cancellationToken);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(15).Ticks));
        }
    }
}
