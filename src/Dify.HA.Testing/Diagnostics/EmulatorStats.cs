using System.Collections.Concurrent;

namespace Dify.HA.Testing;

/// <summary>Counters of one emulator instance that tests assert on. Thread-safe; <see cref="Reset"/> zeroes them.</summary>
public sealed class EmulatorStats
{
    private readonly ConcurrentDictionary<string, long> _byPath = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _byOperation = new(StringComparer.Ordinal);
    private long _requests;
    private long _generationsStarted;
    private long _generationsStopped;
    private long _generationsCompleted;
    private long _pingsSent;
    private long _tooManyRequests;
    private long _faultsInjected;
    private long _activeStreams;

    /// <summary>Requests received (counted on arrival, before any fault), including refused-by-fault ones.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Requests received by exact path (e.g. "/v1/chat-messages").</summary>
    public IReadOnlyDictionary<string, long> RequestsByPath => new Dictionary<string, long>(_byPath, StringComparer.Ordinal);

    /// <summary>Requests received by operation ("METHOD template", e.g. "POST /chat-messages/{task_id}/stop"); unknown routes count as "METHOD (unmatched)".</summary>
    public IReadOnlyDictionary<string, long> RequestsByOperation => new Dictionary<string, long>(_byOperation, StringComparer.Ordinal);

    /// <summary>Generations (chat, completion or workflow runs) that began producing on this instance.</summary>
    public long GenerationsStarted => Interlocked.Read(ref _generationsStarted);

    /// <summary>Generations ended by a stop request (the stop may have come through another endpoint of the region).</summary>
    public long GenerationsStopped => Interlocked.Read(ref _generationsStopped);

    /// <summary>Generations that reached their terminal state (finished, failed, stopped; not merely paused).</summary>
    public long GenerationsCompleted => Interlocked.Read(ref _generationsCompleted);

    /// <summary><c>event: ping</c> frames written.</summary>
    public long PingsSent => Interlocked.Read(ref _pingsSent);

    /// <summary>429 answers (concurrency cap and throttle storm).</summary>
    public long TooManyRequests => Interlocked.Read(ref _tooManyRequests);

    /// <summary>Requests or streams a fault acted on (status burst, throttle, black hole, reset, cut).</summary>
    public long FaultsInjected => Interlocked.Read(ref _faultsInjected);

    /// <summary>Streams open right now.</summary>
    public long ActiveStreams => Interlocked.Read(ref _activeStreams);

    /// <summary>Requests received on one path.</summary>
    /// <param name="path">Exact path, e.g. "/v1/chat-messages".</param>
    /// <returns>The count.</returns>
    public long RequestsTo(string path) => _byPath.TryGetValue(path, out var n) ? n : 0;

    /// <summary>Requests received for one operation.</summary>
    /// <param name="operation">"METHOD template", e.g. "POST /chat-messages".</param>
    /// <returns>The count.</returns>
    public long RequestsFor(string operation) => _byOperation.TryGetValue(operation, out var n) ? n : 0;

    /// <summary>Sets every counter to zero.</summary>
    public void Reset()
    {
        _byPath.Clear();
        _byOperation.Clear();
        Interlocked.Exchange(ref _requests, 0);
        Interlocked.Exchange(ref _generationsStarted, 0);
        Interlocked.Exchange(ref _generationsStopped, 0);
        Interlocked.Exchange(ref _generationsCompleted, 0);
        Interlocked.Exchange(ref _pingsSent, 0);
        Interlocked.Exchange(ref _tooManyRequests, 0);
        Interlocked.Exchange(ref _faultsInjected, 0);
    }

    internal void OnRequest(string path, string operation)
    {
        Interlocked.Increment(ref _requests);
        _byPath.AddOrUpdate(path, 1, static (_, n) => n + 1);
        _byOperation.AddOrUpdate(operation, 1, static (_, n) => n + 1);
    }

    internal void OnGenerationStarted() => Interlocked.Increment(ref _generationsStarted);

    internal void OnGenerationStopped() => Interlocked.Increment(ref _generationsStopped);

    internal void OnGenerationCompleted() => Interlocked.Increment(ref _generationsCompleted);

    internal void OnPing() => Interlocked.Increment(ref _pingsSent);

    internal void OnTooManyRequests() => Interlocked.Increment(ref _tooManyRequests);

    internal void OnFault() => Interlocked.Increment(ref _faultsInjected);

    internal void OnStreamOpened() => Interlocked.Increment(ref _activeStreams);

    internal void OnStreamClosed() => Interlocked.Decrement(ref _activeStreams);
}
