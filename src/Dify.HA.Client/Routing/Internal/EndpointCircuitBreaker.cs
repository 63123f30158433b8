using Polly.CircuitBreaker;

namespace Dify.HA.Client.Routing;

/// <summary>
/// The breaker state machine of one endpoint: Closed → Open (on consecutive failures OR on the failure ratio over a
/// bucketed sliding window once the minimum throughput is met) → HalfOpen after the break (lazily, on the next read) →
/// Closed on a trial's success, Open again on a trial's failure.
/// </summary>
/// <remarks>
/// Why not Polly's CircuitBreaker strategy: it trips on the failure ratio only (no consecutive-failures trigger, which is
/// what makes a breaker open for an app sending a few calls a minute), it must wrap the call it guards (the pipeline
/// begins an attempt in one place and learns its outcome later, possibly after a stream has been read), and an open
/// breaker answers with a <see cref="BrokenCircuitException"/> where the selector wants a cheap boolean. We keep Polly's
/// <see cref="CircuitState"/> vocabulary so dashboards read the same. All members are thread-safe (one lock per
/// endpoint; the lock is taken when an attempt completes and, for a half-open breaker, when it begins).
/// </remarks>
internal sealed class EndpointCircuitBreaker
{
    private const int Buckets = 10;

    private readonly DifyCircuitBreakerOptions _options;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly long _bucketTicks;
    private readonly long[] _bucketIndex = new long[Buckets];
    private readonly int[] _bucketTotal = new int[Buckets];
    private readonly int[] _bucketFailures = new int[Buckets];

    private volatile int _state = (int)CircuitState.Closed;
    private long _openedAtTicks;
    private int _consecutiveFailures;
    private int _trialsInFlight;

    public EndpointCircuitBreaker(DifyCircuitBreakerOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        _bucketTicks = Math.Max(1, options.SamplingDuration.Ticks / Buckets);
        Array.Fill(_bucketIndex, -1);
    }

    /// <summary>False when the breaker is turned off.</summary>
    public bool Enabled => _options.Enabled;

    /// <summary>Raised (outside the lock) with the new state whenever the state changes.</summary>
    public event Action<CircuitState>? StateChanged;

    /// <summary>The current state; an open breaker whose break is over reads as half-open.</summary>
    public CircuitState State
    {
        get
        {
            var state = (CircuitState)_state;
            if (state != CircuitState.Open) return state;
            return MonotonicClock.NowTicks(_time) - Volatile.Read(ref _openedAtTicks) >= _options.BreakDuration.Ticks
                ? CircuitState.HalfOpen
                : CircuitState.Open;
        }
    }

    /// <summary>True when a call would be let through now: closed, or half-open with a free trial slot.</summary>
    public bool AllowsCall
    {
        get
        {
            if (!_options.Enabled) return true;
            return State switch
            {
                CircuitState.Closed => true,
                CircuitState.HalfOpen => Volatile.Read(ref _trialsInFlight) < _options.HalfOpenTrials,
                _ => false,
            };
        }
    }

    /// <summary>Called when an attempt begins; returns true when the attempt is one of the half-open trials.</summary>
    public bool OnAttemptStarted()
    {
        if (!_options.Enabled || (CircuitState)_state == CircuitState.Closed) return false;
        CircuitState? changed = null;
        bool trial;
        lock (_gate)
        {
            if (State != CircuitState.HalfOpen || _trialsInFlight >= _options.HalfOpenTrials) return false;
            if ((CircuitState)_state == CircuitState.Open)
            {
                _state = (int)CircuitState.HalfOpen;
                changed = CircuitState.HalfOpen;
            }

            _trialsInFlight++;
            trial = true;
        }

        if (changed is { } s) StateChanged?.Invoke(s);
        return trial;
    }

    /// <summary>Records the outcome of an attempt.</summary>
    public void OnAttemptCompleted(EndpointOutcome outcome, bool trial)
    {
        if (!_options.Enabled) return;
        CircuitState? changed = null;
        lock (_gate)
        {
            if (trial) _trialsInFlight--;
            var state = (CircuitState)_state;
            if (state == CircuitState.Closed)
            {
                if (outcome == EndpointOutcome.Neutral) return;
                var now = MonotonicClock.NowTicks(_time);
                var failed = outcome == EndpointOutcome.Failure;
                Record(now, failed);
                _consecutiveFailures = failed ? _consecutiveFailures + 1 : 0;
                if (failed && ShouldTrip(now)) changed = OpenLocked(now);
            }
            else if (trial)
            {
                // A trial decides; a late answer from a call begun before the breaker opened does not.
                if (outcome == EndpointOutcome.Success) changed = CloseLocked();
                else if (outcome == EndpointOutcome.Failure) changed = OpenLocked(MonotonicClock.NowTicks(_time));
            }
        }

        if (changed is { } s) StateChanged?.Invoke(s);
    }

    /// <summary>Releases a trial slot of an attempt that was cancelled (its outcome is unknown).</summary>
    public void OnAttemptAbandoned(bool trial)
    {
        if (!trial) return;
        lock (_gate) _trialsInFlight--;
    }

    /// <summary>The health probe saw the endpoint recover: end the break now so the next call is a trial.</summary>
    public void EndBreak()
    {
        CircuitState? changed = null;
        lock (_gate)
        {
            if ((CircuitState)_state == CircuitState.Open)
            {
                _openedAtTicks = MonotonicClock.NowTicks(_time) - _options.BreakDuration.Ticks;
                _state = (int)CircuitState.HalfOpen;
                changed = CircuitState.HalfOpen;
            }
        }

        if (changed is { } s) StateChanged?.Invoke(s);
    }

    private bool ShouldTrip(long now)
    {
        if (_consecutiveFailures >= _options.ConsecutiveFailures) return true;
        long total = 0, failures = 0;
        var current = now / _bucketTicks;
        for (var i = 0; i < Buckets; i++)
        {
            if (current - _bucketIndex[i] >= Buckets) continue; // outside the window
            total += _bucketTotal[i];
            failures += _bucketFailures[i];
        }

        return total >= _options.MinimumThroughput && failures >= _options.FailureRatio * total;
    }

    private void Record(long now, bool failed)
    {
        var index = now / _bucketTicks;
        var slot = (int)(index % Buckets);
        if (_bucketIndex[slot] != index)
        {
            _bucketIndex[slot] = index;
            _bucketTotal[slot] = 0;
            _bucketFailures[slot] = 0;
        }

        _bucketTotal[slot]++;
        if (failed) _bucketFailures[slot]++;
    }

    private CircuitState OpenLocked(long now)
    {
        Volatile.Write(ref _openedAtTicks, now);
        _state = (int)CircuitState.Open;
        ResetCountsLocked();
        return CircuitState.Open;
    }

    private CircuitState CloseLocked()
    {
        _state = (int)CircuitState.Closed;
        ResetCountsLocked();
        return CircuitState.Closed;
    }

    private void ResetCountsLocked()
    {
        _consecutiveFailures = 0;
        Array.Fill(_bucketIndex, -1);
        Array.Clear(_bucketTotal);
        Array.Clear(_bucketFailures);
    }
}
