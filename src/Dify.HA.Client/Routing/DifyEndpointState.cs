using Dify.HA.Client.Telemetry;
using Polly.CircuitBreaker;

namespace Dify.HA.Client.Routing;

/// <summary>
/// The shared health of one endpoint: its circuit breaker, outlier ejection, active probe result, latency average and
/// outstanding attempts. Read by the selector and the health check, written by attempts and the prober. Thread-safe.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable",
    Justification = "The only disposable field is a timer-less CancellationTokenSource, which holds no unmanaged resource; the state lives as long as its topology.")]
internal sealed class DifyEndpointState
{
    private readonly DifyTopology _topology;
    private readonly DifyOutlierEjectionOptions _ejection;
    private readonly DifyHealthProbeOptions _probe;
    private readonly long _decayTicks;
    private readonly Lock _gate = new();

    private int _outstanding;

    // Σ of the start times of the attempts in flight (MonotonicClock ticks): their total age is outstanding × now − this.
    private long _sumStartTicks;

    // Progress: the last time an attempt ended, or the outstanding count rose from 0 (so an idle endpoint never looks
    // stalled); the last answer (success, neutral or throttled). Ticks of MonotonicClock; read without the lock.
    private long _lastProgressTicks;
    private long _lastAnswerTicks = long.MinValue;

    // Latency outlier ejection: a plain moving average of answers' latency in ms and the answers it holds since the last
    // ejection (under _gate; the average is also read without it by the region's other endpoints).
    private readonly double _averageWeight;
    private double _averageMs;
    private int _averageSamples;
    private bool _hasAverage;

    // Cancelled when the endpoint is found unreachable (see UnreachableToken); replaced by a fresh one afterwards.
    private CancellationTokenSource _unreachable = new();

    // Latency: a time-decayed "peak" EWMA, in ms. Written under the lock, read without it (a torn pair only skews one read).
    private double _ewmaMs;
    private long _ewmaAtTicks;
    private bool _hasLatency;

    // Outlier ejection (under _gate; _ejectedUntilTicks also read without it).
    private int _ejectionFailures;
    private int _timesEjected;
    private long _ejectedUntilTicks = long.MinValue;
    private long _lastEjectionEndTicks = long.MinValue;

    // Active probe (under _gate).
    private volatile bool _probeFailing;
    private int _probeSuccesses;
    private int _probeFailures;

    internal DifyEndpointState(DifyTopology topology, DifyRegionState region, int index, DifyEndpointOptions options, string? apiKeyOverride)
    {
        _topology = topology;
        Region = region;
        Index = index;
        Id = region.Name + "/" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var url = options.BaseUrl!;
        // Uri's relative resolution drops the last segment unless the base ends with '/': ".../v1" + "info" would be "/info".
        BaseUrl = url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
        Weight = options.Weight;
        ApiKeyOverride = apiKeyOverride;
        var probe = topology.Options.HealthProbe;
        HealthUrl = options.HealthUrl ?? new Uri(BaseUrl, probe.Path);
        _ejection = topology.Options.OutlierEjection;
        _probe = probe;
        _decayTicks = Math.Max(1, topology.Options.Selection.LatencyDecay.Ticks);
        // A moving average spanning about LatencyMinimumSamples answers (α = 2 / (N + 1)).
        _averageWeight = 2.0 / (Math.Max(2, _ejection.LatencyMinimumSamples) + 1);
        Breaker = new EndpointCircuitBreaker(topology.Options.CircuitBreaker, topology.TimeProvider);
        Breaker.StateChanged += state => _topology.OnBreakerStateChanged(this, state);
    }

    /// <summary>Stable id for telemetry and logs: <c>&lt;region&gt;/&lt;index&gt;</c> (e.g. <c>eu/0</c>).</summary>
    public string Id { get; }

    /// <summary>The endpoint's position in its region's list.</summary>
    public int Index { get; }

    /// <summary>The base URL, always ending with '/'.</summary>
    public Uri BaseUrl { get; }

    /// <summary>What the prober GETs.</summary>
    public Uri HealthUrl { get; }

    /// <summary>The region the endpoint belongs to.</summary>
    public DifyRegionState Region { get; }

    /// <summary>The region's API key when it overrides the client's; null otherwise. Never logged.</summary>
    public string? ApiKeyOverride { get; }

    /// <summary>Relative weight (1 to 100).</summary>
    public int Weight { get; }

    internal EndpointCircuitBreaker Breaker { get; }

    /// <summary>True when the endpoint may be selected: its breaker lets a call through, it is not ejected and the
    /// health probe does not report it failing.</summary>
    public bool IsAvailable => !_probeFailing && !IsEjected && Breaker.AllowsCall;

    /// <summary>
    /// True when the endpoint counts towards its region's healthy capacity: not probe-failing, not ejected, breaker not
    /// open. Unlike <see cref="IsAvailable"/> a half-open breaker whose trial slot is taken still counts, so that a trial
    /// in flight does not make the region's share dip (and restart the fail-back ramp).
    /// </summary>
    public bool CountsAsHealthy => !_probeFailing && !IsEjected && (!Breaker.Enabled || Breaker.State != CircuitState.Open);

    /// <summary>The breaker's state (an open breaker whose break is over reads as half-open).</summary>
    public CircuitState BreakerState => Breaker.State;

    /// <summary>True while the endpoint is ejected as an outlier.</summary>
    public bool IsEjected => MonotonicClock.NowTicks(_topology.TimeProvider) < Volatile.Read(ref _ejectedUntilTicks);

    /// <summary>True while the active probe reports the endpoint failing.</summary>
    public bool IsProbeFailing => _probeFailing;

    /// <summary>How many times the endpoint has been ejected in a row (decides the next ejection's length).</summary>
    public int TimesEjected { get { lock (_gate) return _timesEjected; } }

    /// <summary>Attempts begun and not yet completed or disposed.</summary>
    public int Outstanding => Volatile.Read(ref _outstanding);

    /// <summary>
    /// The latency average in ms (0 before the first sample). Decays towards 0 while no sample arrives, so an endpoint
    /// that was slow once is tried again after a while instead of being shunned forever.
    /// </summary>
    public double LatencyEwmaMs
    {
        get
        {
            var ewma = Volatile.Read(ref _ewmaMs);
            if (ewma <= 0) return 0;
            var idle = MonotonicClock.NowTicks(_topology.TimeProvider) - Volatile.Read(ref _ewmaAtTicks);
            return idle <= 0 ? ewma : ewma * Math.Exp(-(double)idle / _decayTicks);
        }
    }

    /// <summary>
    /// How long this endpoint's in-flight attempts have gone without any of them ending (0 when none is in flight): a lower
    /// bound of the age of its oldest in-flight attempt. Long for a stuck or slow endpoint before its first slow answer
    /// returns; also long for a single long generation, so on its own it only triggers a probe, never an ejection.
    /// </summary>
    public TimeSpan StalledFor => TimeSpan.FromTicks(StalledTicks(MonotonicClock.NowTicks(_topology.TimeProvider)));

    /// <summary>The latency average that latency-outlier ejection compares (ms, 0 before the first answer): a plain
    /// moving average over about <see cref="DifyOutlierEjectionOptions.LatencyMinimumSamples"/> answers.</summary>
    public double LatencyAverageMs => Volatile.Read(ref _averageMs);

    /// <summary>
    /// Cancelled when the routing layer finds the endpoint unreachable while attempts to it are in flight: a health probe
    /// failed while its attempts had been silent for <see cref="DifyHealthProbeOptions.StalledProbeAfter"/> + the probe's
    /// <see cref="DifyHealthProbeOptions.Timeout"/>. The pipeline
    /// may end its in-flight attempts on it then, rather than wait for their own timeouts. A fresh token is handed out after
    /// each cancellation.
    /// </summary>
    public CancellationToken UnreachableToken => Volatile.Read(ref _unreachable).Token;

    internal long StalledTicks(long nowTicks)
        => Volatile.Read(ref _outstanding) <= 0 ? 0 : Math.Max(0, nowTicks - Volatile.Read(ref _lastProgressTicks));

    /// <summary>
    /// The latency the selector scores with (ms): the latency average, or the time the in-flight attempts have spent
    /// without any of them ending, when that is longer. That exposure (k in-flight attempts silent for s: about k × s,
    /// bounded by their total age) is what a healthy endpoint of latency L shows about L on average (it ends one of k
    /// attempts every L ÷ k), while a stuck one's grows k times faster than the silence alone: it stops looking fast
    /// after a few of its calls have waited a few tens of ms, before its first slow answer arrives.
    /// </summary>
    internal double EffectiveLatencyMs(long nowTicks)
    {
        var ewma = LatencyEwmaMs;
        var outstanding = Volatile.Read(ref _outstanding);
        if (outstanding <= 0) return ewma;
        var silent = StalledTicks(nowTicks);
        var totalAge = Math.Max(0, (outstanding * nowTicks) - Volatile.Read(ref _sumStartTicks));
        var exposure = Math.Min((double)outstanding * silent, totalAge);
        return Math.Max(ewma, exposure / TimeSpan.TicksPerMillisecond);
    }

    /// <summary>Starts an attempt on this endpoint: counts it as outstanding (and claims a half-open trial slot). The
    /// pipeline calls this when it sends to the endpoint, and completes or disposes the result.</summary>
    public EndpointAttempt BeginAttempt()
    {
        var now = MonotonicClock.NowTicks(_topology.TimeProvider);
        Interlocked.Add(ref _sumStartTicks, now);
        if (Interlocked.Increment(ref _outstanding) == 1) Volatile.Write(ref _lastProgressTicks, now);
        var trial = Breaker.OnAttemptStarted();
        return new EndpointAttempt(this, trial, now);
    }

    internal void OnAttemptCompleted(EndpointOutcome outcome, TimeSpan latency, bool trial, long startedTicks)
    {
        var now = MonotonicClock.NowTicks(_topology.TimeProvider);
        Volatile.Write(ref _lastProgressTicks, now);
        Interlocked.Add(ref _sumStartTicks, -startedTicks);
        Interlocked.Decrement(ref _outstanding);
        RoutingMetrics.RecordAttemptOutcome(_topology, this, outcome);
        var answered = outcome != EndpointOutcome.Failure;
        if (answered)
        {
            Volatile.Write(ref _lastAnswerTicks, now);
            Region.RecordAnswer(outcome == EndpointOutcome.Throttled, now);
        }

        // A failure's latency says nothing about speed (a refused connection is fast), nor does a throttle's: only other
        // answers feed the averages.
        if (outcome is EndpointOutcome.Success or EndpointOutcome.Neutral) RecordLatency(latency, now);
        Breaker.OnAttemptCompleted(outcome == EndpointOutcome.Throttled ? EndpointOutcome.Neutral : outcome, trial);
        if (outcome is EndpointOutcome.Success or EndpointOutcome.Failure) RecordForEjection(outcome == EndpointOutcome.Failure);
        if (outcome is EndpointOutcome.Success or EndpointOutcome.Neutral) CheckLatencyOutlier(now, stalled: false);
    }

    internal void OnAttemptAbandoned(bool trial, long startedTicks)
    {
        Interlocked.Add(ref _sumStartTicks, -startedTicks);
        Interlocked.Decrement(ref _outstanding);
        Breaker.OnAttemptAbandoned(trial);
    }

    private void RecordLatency(TimeSpan latency, long now)
    {
        var sample = Math.Max(0, latency.TotalMilliseconds);
        lock (_gate)
        {
            // The ejection average: plain, so that one long answer (a long generation) moves it only by its share. Answers
            // that arrive while ejected (calls begun before) are history: the verdict after the ejection needs fresh ones.
            if (now >= _ejectedUntilTicks)
            {
                Volatile.Write(ref _averageMs, _hasAverage ? _averageMs + ((sample - _averageMs) * _averageWeight) : sample);
                _hasAverage = true;
                _averageSamples++;
            }

            double next;
            if (!_hasLatency)
            {
                next = sample;
                _hasLatency = true;
            }
            else
            {
                var current = LatencyEwmaMs;
                // Peak-sensitive: a slower answer is believed at once; faster ones pull the average down gradually.
                var w = Math.Exp(-(double)Math.Max(0, now - _ewmaAtTicks) / _decayTicks);
                next = sample >= current ? sample : (current * w) + (sample * (1 - w));
                // Many fast answers close together barely move a time-weighted average; give each at least 10% weight.
                if (sample < current) next = Math.Min(next, (current * 0.9) + (sample * 0.1));
            }

            Volatile.Write(ref _ewmaAtTicks, now);
            Volatile.Write(ref _ewmaMs, next);
        }
    }

    private void RecordForEjection(bool failed)
    {
        var ejection = _ejection;
        if (!ejection.Enabled || ejection.MaxEjectionPercent == 0) return;
        TimeSpan? ejectedFor = null;
        lock (_gate)
        {
            if (!failed)
            {
                _ejectionFailures = 0;
                return;
            }

            if (++_ejectionFailures < ejection.ConsecutiveFailures) return;
            ejectedFor = EjectLocked(MonotonicClock.NowTicks(_topology.TimeProvider));
        }

        if (ejectedFor is { } length) _topology.OnEjected(this, length);
    }

    /// <summary>Ejects the endpoint (growing ejection time, within the topology's cap); null when already ejected or capped.
    /// Under <see cref="_gate"/>.</summary>
    private TimeSpan? EjectLocked(long now)
    {
        var ejection = _ejection;
        if (now < _ejectedUntilTicks) return null; // already out (a late answer)
        // A long stretch in service since the last ejection forgives the past ones.
        var times = _lastEjectionEndTicks != long.MinValue && now - _lastEjectionEndTicks >= ejection.MaxEjectionTime.Ticks
            ? 1
            : _timesEjected + 1;
        var length = Math.Min(ejection.BaseEjectionTime.Ticks * times, ejection.MaxEjectionTime.Ticks);
        if (!_topology.TryEject(this, now, now + length)) return null; // the cap is reached: the breaker still guards it
        _timesEjected = times;
        _lastEjectionEndTicks = now + length;
        _ejectionFailures = 0;
        _probeSuccesses = 0;
        // The next latency verdict needs fresh answers (the ones that ejected it are history).
        _averageSamples = 0;
        _hasAverage = false;
        return TimeSpan.FromTicks(length);
    }

    /// <summary>
    /// Latency outlier ejection. Threshold = max(LatencyFactor × m, m + LatencyFloor), m = the median latency average of
    /// the region's other endpoints that have answered. With <paramref name="stalled"/> false (after an answer): ejects when
    /// this endpoint's average over at least LatencyMinimumSamples answers exceeds it. With <paramref name="stalled"/> true
    /// (from the selector or the prober): ejects when its in-flight attempts have been silent for longer than the threshold
    /// while a peer answered meanwhile, and longer than LatencyFactor × its own average (an endpoint that serves long
    /// generations is not ejected for one more of them).
    /// </summary>
    internal void CheckLatencyOutlier(long now, bool stalled)
    {
        var ejection = _ejection;
        if (!ejection.Enabled || !ejection.LatencyEnabled || ejection.MaxEjectionPercent == 0) return;
        var peers = Region.EndpointArray;
        if (peers.Length < 2) return;
        double ownMs;
        long stalledTicks = 0;
        if (stalled)
        {
            stalledTicks = StalledTicks(now);
            if (stalledTicks <= 0) return;
            ownMs = stalledTicks / (double)TimeSpan.TicksPerMillisecond;
        }
        else
        {
            if (Volatile.Read(ref _averageSamples) < ejection.LatencyMinimumSamples) return;
            ownMs = LatencyAverageMs;
        }

        Span<double> values = peers.Length <= 64 ? stackalloc double[peers.Length] : new double[peers.Length];
        var count = 0;
        var peerAnsweredSince = false;
        var since = Volatile.Read(ref _lastProgressTicks);
        var peerStallTicks = Math.Max(TimeSpan.TicksPerMillisecond, ejection.LatencyFloor.Ticks);
        foreach (var peer in peers)
        {
            if (ReferenceEquals(peer, this) || !peer._hasAverage) continue;
            // A peer that is out (ejected, failing its probe, breaker open) or whose calls have gone silent is no measure
            // of normal: its average dates from before its trouble, and while it is out this endpoint carries its load
            // and answers slower. Comparing with it would eject the one endpoint still serving the region.
            if (!peer.IsMeasureOfNormal(now, peerStallTicks)) continue;
            values[count++] = peer.LatencyAverageMs;
            if (Volatile.Read(ref peer._lastAnswerTicks) > since) peerAnsweredSince = true;
        }

        if (count == 0) return;
        var median = Median(values[..count]);
        var threshold = Math.Max(median * ejection.LatencyFactor, median + ejection.LatencyFloor.TotalMilliseconds);
        if (ownMs <= threshold) return;
        if (stalled && (!peerAnsweredSince || (_hasAverage && ownMs <= LatencyAverageMs * ejection.LatencyFactor))) return;

        TimeSpan? ejectedFor;
        lock (_gate)
        {
            if (!stalled && _averageSamples < ejection.LatencyMinimumSamples) return; // another answer ejected it meanwhile
            ejectedFor = EjectLocked(now);
        }

        if (ejectedFor is { } length) _topology.OnLatencyEjected(this, length, ownMs, median);
    }

    private bool IsMeasureOfNormal(long now, long stallTicks)
        => !_probeFailing
           && !IsEjectedAt(now)
           && (!Breaker.Enabled || Breaker.State == CircuitState.Closed)
           && StalledTicks(now) <= stallTicks;

    private static double Median(Span<double> values)
    {
        values.Sort();
        var mid = values.Length / 2;
        return values.Length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    /// <summary>Takes the endpoint out at once (the prober saw a failed probe while its attempts were stalled) and cancels
    /// <see cref="UnreachableToken"/>.</summary>
    private void MarkUnreachable()
    {
        var fresh = new CancellationTokenSource();
        var old = Interlocked.Exchange(ref _unreachable, fresh);
        try
        {
            old.Cancel();
        }
        catch (AggregateException)
        {
            // A pipeline callback threw: the token is cancelled all the same, and the routing layer must not fail for it.
        }

        // Not disposed: attempts may still read or register on its token (a timer-less source holds nothing to free).
    }

    /// <summary>Sets the end of the ejection; called by the topology under its ejection lock (so the cap holds).</summary>
    internal void SetEjectedUntil(long untilTicks) => Volatile.Write(ref _ejectedUntilTicks, untilTicks);

    /// <summary>True when ejected at <paramref name="nowTicks"/>.</summary>
    internal bool IsEjectedAt(long nowTicks) => nowTicks < Volatile.Read(ref _ejectedUntilTicks);

    /// <summary>Records one active probe's result.</summary>
    internal void RecordProbe(bool healthy)
    {
        bool? changedTo = null;
        var readmitted = false;
        var unreachable = false;
        lock (_gate)
        {
            if (healthy)
            {
                _probeFailures = 0;
                if (++_probeSuccesses < _probe.HealthyThreshold) return;
                if (_probeFailing)
                {
                    // The probe saw this endpoint fail and now sees it well again: real news, so lift the ejection and
                    // let the breaker try at once. A success from a probe that never saw it fail lifts nothing (the
                    // probe path may be fine while real calls fail).
                    _probeFailing = false;
                    changedTo = true;
                    if (MonotonicClock.NowTicks(_topology.TimeProvider) < _ejectedUntilTicks)
                    {
                        _ejectedUntilTicks = long.MinValue;
                        _lastEjectionEndTicks = MonotonicClock.NowTicks(_topology.TimeProvider);
                    }

                    _ejectionFailures = 0;
                    readmitted = true;
                }
            }
            else
            {
                _probeSuccesses = 0;
                ++_probeFailures;
                // A failed probe while the endpoint's calls have stayed silent all along (StalledProbeAfter, then the probe's
                // own Timeout) is a black hole, not a slow endpoint (whose calls end now and then) nor a long generation
                // (whose probe succeeds): out at once.
                var stalledAfter = _probe.StalledProbeAfter;
                unreachable = stalledAfter > TimeSpan.Zero
                    && StalledTicks(MonotonicClock.NowTicks(_topology.TimeProvider)) >= stalledAfter.Ticks + _probe.Timeout.Ticks;
                if (_probeFailing)
                {
                    // Already out of selection, but calls that were sent before may still be waiting on it: the verdict
                    // still matters to them (without this, two early failed probes that came before the calls had been
                    // silent long enough left those calls waiting for their headers timeout).
                    if (!unreachable) return;
                }
                else
                {
                    if (_probeFailures < _probe.UnhealthyThreshold && !unreachable) return;
                    _probeFailing = true;
                    changedTo = false;
                }
            }
        }

        if (readmitted) Breaker.EndBreak();
        if (unreachable)
        {
            _topology.OnUnreachable(this, StalledFor);
            MarkUnreachable();
        }

        if (changedTo is { } up) _topology.OnProbeStateChanged(this, up);
    }

    /// <summary>True when the prober should probe now rather than at its next interval: attempts in flight have been silent
    /// for <see cref="DifyHealthProbeOptions.StalledProbeAfter"/> (also when the probe already reports the endpoint failing:
    /// those attempts wait for the unreachable verdict; the prober spaces stall probes by StalledProbeAfter).</summary>
    internal bool NeedsStallProbe(long nowTicks)
    {
        var after = _probe.StalledProbeAfter;
        return after > TimeSpan.Zero && StalledTicks(nowTicks) >= after.Ticks;
    }

    /// <summary>Describes the endpoint (no key).</summary>
    public override string ToString() => $"{Id} ({BaseUrl.GetLeftPart(UriPartial.Authority)})";
}
