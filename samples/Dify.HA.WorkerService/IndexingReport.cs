using System.Collections.Concurrent;

namespace Dify.HA.WorkerService;

/// <summary>What this process did, for the summary and the tests: documents enqueued, indexed (with the upsert's
/// outcome), failed attempts.</summary>
public sealed class IndexingReport
{
    private readonly ConcurrentDictionary<string, string> _indexed = new(StringComparer.Ordinal);
    private int _enqueued;
    private int _failedAttempts;

    /// <summary>New tasks enqueued by this process (a known idempotency key stores nothing new).</summary>
    public int Enqueued => Volatile.Read(ref _enqueued);

    /// <summary>Attempts that failed and were left to the queue to retry.</summary>
    public int FailedAttempts => Volatile.Read(ref _failedAttempts);

    /// <summary>The process exit code: 0, or 1 when the producer failed.</summary>
    public int ExitCode { get; internal set; }

    /// <summary>Indexed documents by key, with the upsert's outcome (Created, Updated, Recovered).</summary>
    public IReadOnlyDictionary<string, string> Indexed => _indexed;

    internal void RecordEnqueued(int count) => Interlocked.Add(ref _enqueued, count);

    internal void RecordIndexed(string key, string outcome) => _indexed[key] = outcome;

    internal void RecordFailedAttempt() => Interlocked.Increment(ref _failedAttempts);
}
