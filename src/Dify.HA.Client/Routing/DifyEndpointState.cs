using Polly.CircuitBreaker;

namespace Dify.HA.Client.Routing;

/// <summary>
/// The shared health of one endpoint: its circuit breaker, outlier ejection, active probe result, latency average and
/// outstanding attempts. Read by the selector and the health check, written by attempts and the prober. Thread-safe.
/// </summary>
internal sealed class DifyEndpointState
{
    private readonly DifyTopology _topology;
    private readonly DifyOutlierEjectionOptions _ejection;
    private readonly DifyHealthProbeOptions _probe;
    private readonly long _decayTicks;
    private readonly Lock _gate = new();

    private int _outstanding;

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

    /// <summary>Starts an attempt on this endpoint: counts it as outstanding (and claims a half-open trial slot). The
    /// pipeline calls this when it sends to the endpoint, and completes or disposes the result.</summary>
    public EndpointAttempt BeginAttempt()
    {
        Interlocked.Increment(ref _outstanding);
        var trial = Breaker.OnAttemptStarted();
        return new EndpointAttempt(this, trial);
    }

    internal void OnAttemptCompleted(EndpointOutcome outcome, TimeSpan latency, bool trial)
    {
        Interlocked.Decrement(ref _outstanding);
        // A failure's latency says nothing about speed (a refused connection is fast): only answers feed the average.
        if (outcome != EndpointOutcome.Failure) RecordLatency(latency);
        Breaker.OnAttemptCompleted(outcome, trial);
        if (outcome == EndpointOutcome.Neutral) return;
        RecordForEjection(outcome == EndpointOutcome.Failure);
    }

    internal void OnAttemptAbandoned(bool trial)
    {
        Interlocked.Decrement(ref _outstanding);
        Breaker.OnAttemptAbandoned(trial);
    }

    private void RecordLatency(TimeSpan latency)
    {
        var sample = Math.Max(0, latency.TotalMilliseconds);
        var now = MonotonicClock.NowTicks(_topology.TimeProvider);
        lock (_gate)
        {
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
            var now = MonotonicClock.NowTicks(_topology.TimeProvider);
            if (now < _ejectedUntilTicks) return; // already out (a late answer)
            // A long stretch in service since the last ejection forgives the past ones.
            var times = _lastEjectionEndTicks != long.MinValue && now - _lastEjectionEndTicks >= ejection.MaxEjectionTime.Ticks
                ? 1
                : _timesEjected + 1;
            var length = Math.Min(ejection.BaseEjectionTime.Ticks * times, ejection.MaxEjectionTime.Ticks);
            if (!_topology.TryEject(this, now, now + length)) return; // the cap is reached: the breaker still guards it
            _timesEjected = times;
            _lastEjectionEndTicks = now + length;
            _ejectionFailures = 0;
            _probeSuccesses = 0;
            ejectedFor = TimeSpan.FromTicks(length);
        }

        _topology.OnEjected(this, ejectedFor.Value);
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
                if (++_probeFailures < _probe.UnhealthyThreshold || _probeFailing) return;
                _probeFailing = true;
                changedTo = false;
            }
        }

        if (readmitted) Breaker.EndBreak();
        if (changedTo is { } up) _topology.OnProbeStateChanged(this, up);
    }

    /// <summary>Describes the endpoint (no key).</summary>
    public override string ToString() => $"{Id} ({BaseUrl.GetLeftPart(UriPartial.Authority)})";
}
