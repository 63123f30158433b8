namespace Dify.HA.Client.Routing;

/// <summary>One region of a <see cref="DifyTopology"/>: its endpoints and their combined health.</summary>
internal sealed class DifyRegionState
{
    // A 429 moves the ratio up by this share of the gap; a normal answer moves it down by the smaller share, so a storm is
    // believed quickly and traffic returns gradually (no thundering back onto a region that just throttled). At a steady
    // 429 share p the ratio settles at 2.5p / (1 + 1.5p): 0.22 for 10%, 0.71 for 50%.
    private const double ThrottleUpWeight = 0.05;
    private const double ThrottleDownWeight = 0.02;

    private readonly TimeProvider _time;
    private readonly double _shedFactor;
    private readonly double _maxShed;
    private readonly long _coolDownTicks;
    private readonly Lock _throttleGate = new();
    private DifyEndpointState[] _endpoints = [];
    private int _totalWeight;

    // The recent share of answers that were 429 too_many_requests (under _throttleGate; read without it).
    private double _throttleRatio;
    private long _throttleAtTicks;

    internal DifyRegionState(string name, int priority, string? apiKeyOverride, DifySelectionOptions? selection = null, TimeProvider? timeProvider = null)
    {
        Name = name;
        Priority = priority;
        ApiKeyOverride = apiKeyOverride;
        selection ??= new DifySelectionOptions();
        _time = timeProvider ?? TimeProvider.System;
        _shedFactor = selection.ThrottleShedFactor;
        _maxShed = selection.MaxThrottleShed;
        _coolDownTicks = Math.Max(1, selection.ThrottleCoolDown.Ticks);
    }

    /// <summary>The region's name (from <see cref="DifyRegionOptions.Name"/>).</summary>
    public string Name { get; }

    /// <summary>0 is the primary; higher numbers are backups.</summary>
    public int Priority { get; }

    /// <summary>The region's API key when it overrides the client's; null otherwise. Never logged.</summary>
    public string? ApiKeyOverride { get; }

    /// <summary>The region's endpoints, in configuration order.</summary>
    public IReadOnlyList<DifyEndpointState> Endpoints => _endpoints;

    internal DifyEndpointState[] EndpointArray => _endpoints;

    internal int TotalWeight => _totalWeight;

    /// <summary>The weight of healthy endpoints (<see cref="DifyEndpointState.CountsAsHealthy"/>) ÷ the weight of all endpoints (0 to 1).</summary>
    public double HealthyCapacity => _totalWeight == 0 ? 0 : (double)AvailableWeight / _totalWeight;

    internal int AvailableWeight
    {
        get
        {
            var weight = 0;
            foreach (var endpoint in _endpoints)
            {
                if (endpoint.CountsAsHealthy) weight += endpoint.Weight;
            }

            return weight;
        }
    }

    /// <summary>
    /// The recent share of this region's answers that were 429 <c>too_many_requests</c> (0 to 1): moved up at once by each
    /// throttled answer, down slowly by each other answer, and fading towards 0 over
    /// <see cref="DifySelectionOptions.ThrottleCoolDown"/> while no answer comes.
    /// </summary>
    public double ThrottleRatio => ThrottleRatioAt(MonotonicClock.NowTicks(_time));

    /// <summary>The share of this region's traffic that throttle shedding moves to other priority levels (0 to
    /// <see cref="DifySelectionOptions.MaxThrottleShed"/>).</summary>
    public double ThrottleShed => ThrottleShedAt(MonotonicClock.NowTicks(_time));

    internal double ThrottleShedAt(long nowTicks)
    {
        if (_shedFactor <= 0) return 0;
        var ratio = ThrottleRatioAt(nowTicks);
        return ratio <= 0 ? 0 : Math.Min(_maxShed, _shedFactor * ratio);
    }

    private double ThrottleRatioAt(long nowTicks)
    {
        var ratio = Volatile.Read(ref _throttleRatio);
        if (ratio <= 0) return 0;
        var idle = nowTicks - Volatile.Read(ref _throttleAtTicks);
        return idle <= 0 ? ratio : ratio * Math.Exp(-(double)idle / _coolDownTicks);
    }

    /// <summary>Records one answer from an endpoint of this region: throttled (429 too_many_requests) or not.</summary>
    internal void RecordAnswer(bool throttled, long nowTicks)
    {
        // Nothing to learn while the ratio is 0 and the answer is not a throttle: keep the happy path lock-free.
        if (!throttled && Volatile.Read(ref _throttleRatio) <= 0) return;
        lock (_throttleGate)
        {
            var current = ThrottleRatioAt(nowTicks);
            var next = throttled
                ? current + ((1 - current) * ThrottleUpWeight)
                : current * (1 - ThrottleDownWeight);
            if (next < 1e-4) next = 0; // forgotten: back to the lock-free path
            Volatile.Write(ref _throttleAtTicks, nowTicks);
            Volatile.Write(ref _throttleRatio, next);
        }
    }

    internal void SetEndpoints(DifyEndpointState[] endpoints)
    {
        _endpoints = endpoints;
        _totalWeight = endpoints.Sum(e => e.Weight);
    }

    /// <summary>Describes the region (no key).</summary>
    public override string ToString() => $"{Name} (priority {Priority}, {_endpoints.Length} endpoint(s))";
}
