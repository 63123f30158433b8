namespace Dify.HA.Testing.Knowledge;

/// <summary>
/// The emulated indexing state machine. From the moment a document is created or updated, each step lasts
/// <see cref="DifyEmulatorOptions.IndexingStepDuration"/> (s): waiting [0, s), parsing [s, 2s), cleaning [2s, 3s),
/// splitting [3s, 4s), indexing [4s, 5s) with completed_segments growing linearly, completed from 5s. A document whose
/// text (or file content or name) contains <see cref="ErrorMarker"/> turns to <c>error</c> at 4s instead of indexing.
/// Derived from the clock on every read, so a FakeTimeProvider drives it exactly and nothing runs in the background.
/// </summary>
internal static class IndexingClock
{
    /// <summary>Put this in a document's text (or file) to make its indexing fail.</summary>
    public const string ErrorMarker = "[emulator:index-error]";

    public const string ErrorMessage = "Emulated indexing failure: the document asked for it with " + ErrorMarker + ".";

    public static IndexingProgress Progress(StoredDocument document, int totalSegments, DateTimeOffset now, TimeSpan step)
    {
        var start = document.IndexingStartedAt;
        var elapsed = now - start;
        DateTimeOffset? At(int steps) => step == TimeSpan.Zero || elapsed >= step * steps ? start + (step * steps) : null;
        var processing = At(1);
        var parsed = At(2);
        var cleaned = At(3);
        var split = At(4);
        var done = At(5);
        if (document.FailIndexing && split is not null)
            return new("error", processing, parsed, cleaned, split, null, ErrorMessage, 0, totalSegments);
        if (done is not null)
            return new("completed", processing, parsed, cleaned, split, done, null, totalSegments, totalSegments);
        if (split is not null)
        {
            var share = (elapsed - (step * 4)) / step;
            return new("indexing", processing, parsed, cleaned, split, null, null, Math.Min(totalSegments, (int)(totalSegments * share)), totalSegments);
        }

        var status = cleaned is not null ? "splitting" : parsed is not null ? "cleaning" : processing is not null ? "parsing" : "waiting";
        return new(status, processing, parsed, cleaned, split, null, null, 0, totalSegments);
    }

    /// <summary>Dify's display status: queuing, indexing, paused, error, available, disabled or archived.</summary>
    public static string DisplayStatus(StoredDocument document, IndexingProgress progress)
    {
        if (progress.Status == "waiting")
            return "queuing";
        if (progress.IsError)
            return "error";
        if (!progress.IsCompleted)
            return "indexing";
        if (document.Archived)
            return "archived";
        return document.Enabled ? "available" : "disabled";
    }
}
