namespace Dify.HA.Client.Knowledge.Internal;

/// <summary>
/// <c>Documents.WaitForIndexingAsync</c>: polls a batch's indexing status with a doubling delay until every document has
/// stopped, timed by the client's <see cref="TimeProvider"/> (so tests drive it with a fake clock).
/// </summary>
internal static class IndexingWaiter
{
    private static readonly TimeSpan MinDelay = TimeSpan.FromMilliseconds(10);

    public static void Check(DifyIndexingWaitOptions o)
    {
        if (o.InitialDelay < MinDelay || o.InitialDelay > TimeSpan.FromMinutes(1))
            throw OutOfRange("options.InitialDelay", o.InitialDelay, "options.InitialDelay must be between 00:00:00.010 and 00:01:00; the default is 00:00:01.");
        if (o.MaxDelay < o.InitialDelay || o.MaxDelay > TimeSpan.FromMinutes(10))
            throw OutOfRange("options.MaxDelay", o.MaxDelay, "options.MaxDelay must be between options.InitialDelay and 00:10:00; the default is 00:00:15.");
        if (o.Timeout < TimeSpan.FromSeconds(1) || o.Timeout > TimeSpan.FromHours(24))
            throw OutOfRange("options.Timeout", o.Timeout, "options.Timeout must be between 00:00:01 and 1.00:00:00; the default is 00:10:00.");
        if (o.RateLimitDelay < TimeSpan.Zero || o.RateLimitDelay > TimeSpan.FromMinutes(10))
            throw OutOfRange("options.RateLimitDelay", o.RateLimitDelay, "options.RateLimitDelay must be between 00:00:00 and 00:10:00; the default is 00:01:00 (Dify's rate-limit window).");
    }

    // The options are a member of the caller's call: the ParamName is its path (options.Timeout), as the app API does.
    private static ArgumentOutOfRangeException OutOfRange(string paramName, TimeSpan value, string message) => new(paramName, value, message);

    public static async Task<IReadOnlyList<DifyDocumentIndexingStatus>> WaitAsync(
        IDifyDocumentsApi documents, TimeProvider time, string datasetId, string batch, DifyIndexingWaitOptions options,
        IProgress<DifyIndexingProgress>? progress, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var delay = options.InitialDelay;
        IReadOnlyList<DifyDocumentIndexingStatus> statuses = [];
        for (var polls = 1; ; polls++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var limited = false;
            try
            {
                statuses = await documents.GetIndexingStatusAsync(datasetId, batch, cancellationToken).ConfigureAwait(false);
            }
            catch (DifyApiException ex) when (DifyFailureClassifier.IsKnowledgeRateLimit(ex.StatusCode, ex.Code, ex.Message))
            {
                // The limit is the workspace's (other calls can trip it); raising it would fail a job over an indexing that is fine.
                limited = true;
            }

            var elapsed = time.GetElapsedTime(started);
            progress?.Report(new DifyIndexingProgress
            {
                Batch = batch,
                Documents = statuses,
                CompletedSegments = statuses.Sum(s => s.CompletedSegments ?? 0),
                TotalSegments = statuses.Sum(s => s.TotalSegments ?? 0),
                Polls = polls,
                Elapsed = elapsed,
                RateLimited = limited,
            });

            if (!limited && statuses.Count > 0 && statuses.All(IsStopped))
            {
                if (statuses.All(s => s.IndexingStatus == DifyDocumentIndexingStates.Completed)) return statuses;
                throw new DifyIndexingFailedException(batch, statuses);
            }

            var remaining = options.Timeout - elapsed;
            if (remaining <= TimeSpan.Zero)
            {
                var state = statuses.Count == 0 ? "no status yet" : string.Join(", ", statuses.Select(s => $"{s.Id}: {s.IndexingStatus}"));
                throw new TimeoutException(
                    $"Indexing of batch {batch} did not finish within {options.Timeout} ({polls} polls; last: {state}). " +
                    "Raise DifyIndexingWaitOptions.Timeout for large files, or check the dataset's embedding model.");
            }

            var wait = limited ? options.RateLimitDelay : delay;
            if (wait > remaining) wait = remaining;
            if (wait > TimeSpan.Zero) await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
            if (!limited) delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.MaxDelay.Ticks));
        }
    }

    private static bool IsStopped(DifyDocumentIndexingStatus s) => s.IndexingStatus
        is DifyDocumentIndexingStates.Completed or DifyDocumentIndexingStates.Error or DifyDocumentIndexingStates.Paused;
}
