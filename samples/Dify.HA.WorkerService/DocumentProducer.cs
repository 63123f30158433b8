using Dify.HA.Data.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dify.HA.WorkerService;

/// <summary>
/// Enqueues one task per document, with the idempotency key <c>{key}:{content hash}</c>: the same content is never
/// queued twice (while the backend remembers the key, 24 h by default), a changed file is a new task. With
/// <c>Indexer:Once</c> it then waits until the queue is empty (every task indexed or dead-lettered), prints the
/// summary and stops the host; otherwise it scans the folder again every <c>Indexer:ScanInterval</c>.
/// </summary>
public sealed class DocumentProducer(
    ITaskQueue queue,
    DocumentSource source,
    IndexingReport report,
    IndexingSummary summary,
    DifyTarget target,
    IOptions<IndexerOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<DocumentProducer> logger) : BackgroundService
{
    // Task ids this process already enqueued: a known idempotency key answers the first task's id, so a re-scan can
    // tell "new" from "already queued or done" (a restarted process counts them all as new once).
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (target.Embedded) WorkerLog.EmulatorStarted(logger, target.BaseUrl);
        WorkerLog.Starting(logger, target.BaseUrl.GetLeftPart(UriPartial.Authority), o.Backend);
        try
        {
            while (true)
            {
                await EnqueueAllAsync(stoppingToken);
                if (o.Once)
                {
                    await WaitUntilDrainedAsync(stoppingToken);
                    await summary.PrintAsync(Console.Out, stoppingToken);
                    lifetime.StopApplication();
                    return;
                }

                if (o.SourceFolder is null) return; // the built-in documents are enqueued once; the workers keep running
                await Task.Delay(o.ScanInterval, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            WorkerLog.ProducerFailed(logger, e);
            report.ExitCode = 1;
            lifetime.StopApplication();
        }
    }

    private async Task EnqueueAllAsync(CancellationToken cancellationToken)
    {
        var documents = source.Read();
        var added = 0;
        foreach (var document in documents)
        {
            // ITaskQueue answers the existing task's id for a known key, so a re-scan or a restart does not duplicate.
            var id = await queue.EnqueueAsync(
                IndexerOptions.QueueName,
                document,
                new TaskEnqueueOptions { IdempotencyKey = $"{document.Key}:{document.ContentHash}" },
                cancellationToken);
            if (_seen.Add(id)) added++;
        }

        report.RecordEnqueued(added);
        if (added > 0 || options.Value.Once) WorkerLog.Enqueued(logger, added, documents.Count);
    }

    private async Task WaitUntilDrainedAsync(CancellationToken cancellationToken)
    {
        // The queue's own view is the truth: a task is gone from depth/leased/delayed only once its acknowledgement
        // or dead letter is stored. A short poll is cheap here (one lock on the in-memory backend, one call otherwise).
        while (true)
        {
            var stats = await queue.GetStatsAsync(IndexerOptions.QueueName, cancellationToken);
            if (stats.Depth == 0 && stats.Leased == 0 && stats.Delayed == 0) return;
            await Task.Delay(TimeSpan.FromMilliseconds(50), time, cancellationToken);
        }
    }
}
