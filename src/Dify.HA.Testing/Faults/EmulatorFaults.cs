namespace Dify.HA.Testing;

/// <summary>
/// Run-time fault injection of one emulator instance. Every method is thread-safe and takes effect for the next
/// request (stream faults: for the next event written). Faults add up: latency and a status burst can be on at once.
/// <see cref="Heal"/> (or <see cref="Clear"/>) turns everything off and restarts a refused listener on the same port.
/// </summary>
public sealed class EmulatorFaults
{
    private readonly Lock _gate = new();
    private readonly Random _random;
    private readonly Func<CancellationToken, Task> _stopListener;
    private readonly Func<CancellationToken, Task> _startListener;
    private Func<Random, TimeSpan>? _latency;
    private (int Status, double Ratio, string? Code)? _statusBurst;
    private double _throttleRatio;
    private long _resetAfterBytes = -1;
    private int _cutAfterEvents = -1;
    private TimeSpan _slowStreamGap;
    private TaskCompletionSource _blackHole = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _blackHoleOn;
    private bool _refusing;
    private int _knowledgeLimitedRequests;
    private DateTimeOffset _knowledgeLimitedUntil = DateTimeOffset.MinValue;
    private bool _knowledgeLimitEverywhere;
    private readonly TimeProvider _time;

    internal EmulatorFaults(int seed, Func<CancellationToken, Task> stopListener, Func<CancellationToken, Task> startListener, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        // Fault randomness is seeded too, so a flaky-looking scenario replays the same way.
        _random = new Random(seed);
        _stopListener = stopListener;
        _startListener = startListener;
    }

    /// <summary>Whether any fault is on.</summary>
    public bool Any
    {
        get
        {
            lock (_gate)
            {
                return _latency is not null || _statusBurst is not null || _throttleRatio > 0 || _resetAfterBytes >= 0
                    || _cutAfterEvents >= 0 || _slowStreamGap > TimeSpan.Zero || _blackHoleOn || _refusing
                    || _knowledgeLimitedRequests > 0 || _knowledgeLimitedUntil > _time.GetUtcNow();
            }
        }
    }

    /// <summary>Whether the listener is stopped by <see cref="RefuseConnections"/>.</summary>
    public bool IsRefusingConnections
    {
        get { lock (_gate) { return _refusing; } }
    }

    /// <summary>Delays every request by a fixed time before it is handled (measured on the emulator's <see cref="TimeProvider"/>).</summary>
    /// <param name="latency">The added latency; zero turns it off.</param>
    public void AddLatency(TimeSpan latency)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(latency, TimeSpan.Zero);
        lock (_gate)
        {
            _latency = latency == TimeSpan.Zero ? null : _ => latency;
        }
    }

    /// <summary>Delays every request by a time drawn from a distribution (given the emulator's seeded <see cref="Random"/>).</summary>
    /// <param name="distribution">Returns the latency of one request; negative values count as zero.</param>
    public void AddLatency(Func<Random, TimeSpan> distribution)
    {
        ArgumentNullException.ThrowIfNull(distribution);
        lock (_gate)
        {
            _latency = distribution;
        }
    }

    /// <summary>
    /// Answers a share of requests with an HTTP status instead of handling them. With a <paramref name="code"/> the body is
    /// Dify's JSON envelope; without one, 502/503/504 answer an nginx-style HTML page (what a proxy in front of a dead API
    /// sends) and other statuses a JSON envelope with a code derived from the status.
    /// </summary>
    /// <param name="status">HTTP status, 400–599.</param>
    /// <param name="ratio">Share of requests, 0–1 (1 = every request).</param>
    /// <param name="code">Dify error code of the body, or <see langword="null"/>.</param>
    public void StatusBurst(int status, double ratio, string? code = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(status, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(status, 599);
        CheckRatio(ratio);
        lock (_gate)
        {
            _statusBurst = ratio == 0 ? null : (status, ratio, code);
        }
    }

    /// <summary>Answers a share of requests 429 <c>too_many_requests</c> (as Dify's per-app concurrency cap does).</summary>
    /// <param name="ratio">Share of requests, 0–1.</param>
    public void ThrottleStorm(double ratio)
    {
        CheckRatio(ratio);
        lock (_gate)
        {
            _throttleRatio = ratio;
        }
    }

    /// <summary>Aborts the connection after a response has written this many body bytes (a TCP reset mid-response).</summary>
    /// <param name="bytes">Body bytes to let through, ≥ 0.</param>
    public void ResetAfterBytes(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        lock (_gate)
        {
            _resetAfterBytes = bytes;
        }
    }

    /// <summary>
    /// Aborts every stream after it has written this many <c>data:</c> events (pings not counted), without a terminal
    /// event. The run itself goes on (as in Dify): workflow runs can be re-attached, chat messages read back.
    /// </summary>
    /// <param name="events">Events to let through, ≥ 0.</param>
    public void CutStreamAfterEvents(int events)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(events);
        lock (_gate)
        {
            _cutAfterEvents = events;
        }
    }

    /// <summary>Waits this long before writing each stream event (a slow or overloaded instance).</summary>
    /// <param name="gapBetweenEvents">The gap; zero turns it off.</param>
    public void SlowStream(TimeSpan gapBetweenEvents)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(gapBetweenEvents, TimeSpan.Zero);
        lock (_gate)
        {
            _slowStreamGap = gapBetweenEvents;
        }
    }

    /// <summary>
    /// Dify's knowledge rate limit: the next <paramref name="requests"/> rate-limited Knowledge API requests (dataset
    /// keys) answer 403 <c>forbidden</c> "Sorry, you have reached the knowledge base request rate limit of your
    /// subscription." (what Dify answers when a workspace exceeds its subscription's knowledge request rate), then the
    /// fault clears itself. Rate-limited are the 23 operations Dify checks (the spec documents the 403 on them: creates,
    /// updates, deletes, download, retrieve, metadata writes); with <paramref name="everyOperation"/> every knowledge
    /// operation is (reads such as indexing-status too). App API requests are never affected. Zero turns it off.
    /// </summary>
    /// <param name="requests">Knowledge requests to refuse, ≥ 0.</param>
    /// <param name="everyOperation">Refuse every knowledge operation, not only the ones Dify rate-limits. Default false.</param>
    public void KnowledgeRateLimit(int requests, bool everyOperation = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(requests);
        lock (_gate)
        {
            _knowledgeLimitedRequests = requests;
            _knowledgeLimitEverywhere = everyOperation;
        }
    }

    /// <summary>
    /// Dify's knowledge rate limit for a while: rate-limited Knowledge API requests answer 403 <c>forbidden</c> (see
    /// <see cref="KnowledgeRateLimit(int, bool)"/>) until <paramref name="duration"/> has passed on the emulator's
    /// <see cref="TimeProvider"/> (Dify's window is 60 s), then the fault clears itself. Zero turns it off.
    /// </summary>
    /// <param name="duration">How long, ≥ 0.</param>
    /// <param name="everyOperation">Refuse every knowledge operation, not only the ones Dify rate-limits. Default false.</param>
    public void KnowledgeRateLimit(TimeSpan duration, bool everyOperation = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        lock (_gate)
        {
            _knowledgeLimitedUntil = duration == TimeSpan.Zero ? DateTimeOffset.MinValue : _time.GetUtcNow() + duration;
            _knowledgeLimitEverywhere = everyOperation;
        }
    }

    /// <summary>
    /// Accepts connections and requests but never answers (until the caller gives up or the fault is healed, when the
    /// connection is aborted). A stream already running stops writing.
    /// </summary>
    public void BlackHole()
    {
        lock (_gate)
        {
            _blackHoleOn = true;
        }
    }

    /// <summary>Stops the listener: connecting to the port is refused, open connections are aborted. Blocks until stopped.</summary>
    public void RefuseConnections() => RefuseConnectionsAsync().GetAwaiter().GetResult();

    /// <summary>Stops the listener: connecting to the port is refused, open connections are aborted.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when the port is closed.</returns>
    public async Task RefuseConnectionsAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_refusing)
                return;
            _refusing = true;
        }

        await _stopListener(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Turns every fault off and, if the listener was stopped, starts it again on the same port. Blocks until listening.</summary>
    public void Heal() => HealAsync().GetAwaiter().GetResult();

    /// <summary>Same as <see cref="Heal"/>.</summary>
    public void Clear() => Heal();

    /// <summary>Turns every fault off and, if the listener was stopped, starts it again on the same port.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when the instance is healthy again.</returns>
    public async Task HealAsync(CancellationToken cancellationToken = default)
    {
        bool restart;
        TaskCompletionSource released;
        lock (_gate)
        {
            _latency = null;
            _statusBurst = null;
            _throttleRatio = 0;
            _resetAfterBytes = -1;
            _cutAfterEvents = -1;
            _slowStreamGap = TimeSpan.Zero;
            _blackHoleOn = false;
            _knowledgeLimitedRequests = 0;
            _knowledgeLimitedUntil = DateTimeOffset.MinValue;
            _knowledgeLimitEverywhere = false;
            released = _blackHole;
            _blackHole = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            restart = _refusing;
            _refusing = false;
        }

        // Requests held by the black hole are released (and aborted) now.
        released.TrySetResult();
        if (restart)
            await _startListener(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Releases black-holed requests without restarting the listener (used when the instance is disposed).</summary>
    internal async Task HealWithoutRestartAsync()
    {
        TaskCompletionSource released;
        lock (_gate)
        {
            _blackHoleOn = false;
            _refusing = false;
            released = _blackHole;
            _blackHole = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        released.TrySetResult();
        await Task.CompletedTask.ConfigureAwait(false);
    }

    internal TimeSpan NextLatency()
    {
        lock (_gate)
        {
            if (_latency is null)
                return TimeSpan.Zero;
            var value = _latency(_random);
            return value < TimeSpan.Zero ? TimeSpan.Zero : value;
        }
    }

    internal (int Status, string? Code)? NextStatus()
    {
        lock (_gate)
        {
            if (_statusBurst is { } burst && _random.NextDouble() < burst.Ratio)
                return (burst.Status, burst.Code);
            return null;
        }
    }

    /// <summary>Whether this knowledge request meets the injected knowledge rate limit (consumes one of a counted burst).</summary>
    /// <param name="rateLimitedOperation">Whether Dify rate-limits the requested operation.</param>
    internal bool NextKnowledgeRateLimited(bool rateLimitedOperation)
    {
        lock (_gate)
        {
            if (!rateLimitedOperation && !_knowledgeLimitEverywhere)
                return false;
            if (_knowledgeLimitedUntil > _time.GetUtcNow())
                return true;
            if (_knowledgeLimitedRequests <= 0)
                return false;
            _knowledgeLimitedRequests--;
            return true;
        }
    }

    internal bool NextThrottled()
    {
        lock (_gate)
        {
            return _throttleRatio > 0 && _random.NextDouble() < _throttleRatio;
        }
    }

    /// <summary>When the black hole is on: a task that completes when it is healed.</summary>
    internal Task? BlackHoleRelease
    {
        get
        {
            lock (_gate)
            {
                return _blackHoleOn ? _blackHole.Task : null;
            }
        }
    }

    internal long ResetAfterBytesValue
    {
        get { lock (_gate) { return _resetAfterBytes; } }
    }

    internal int CutAfterEventsValue
    {
        get { lock (_gate) { return _cutAfterEvents; } }
    }

    internal TimeSpan SlowStreamGap
    {
        get { lock (_gate) { return _slowStreamGap; } }
    }

    private static void CheckRatio(double ratio)
    {
        if (double.IsNaN(ratio) || ratio < 0 || ratio > 1)
            throw new ArgumentOutOfRangeException(nameof(ratio), ratio, "The ratio must be between 0 and 1.");
    }
}
