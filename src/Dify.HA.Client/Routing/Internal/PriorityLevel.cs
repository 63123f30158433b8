namespace Dify.HA.Client.Routing;

/// <summary>
/// The regions that share one priority, pooled: their healthy capacity and their share of traffic, whose growth is
/// slew-limited (the fail-back ramp) while a loss of share applies at once.
/// </summary>
internal sealed class PriorityLevel
{
    private readonly Lock _gate = new();
    private readonly long _rampTicks;
    private double _share = double.NaN;
    private long _shareAtTicks;

    public PriorityLevel(int priority, DifyRegionState[] regions, TimeSpan failbackRamp)
    {
        Priority = priority;
        Regions = regions;
        Endpoints = [.. regions.SelectMany(r => r.EndpointArray)];
        TotalWeight = Endpoints.Sum(e => e.Weight);
        _rampTicks = failbackRamp.Ticks;
    }

    public int Priority { get; }

    public DifyRegionState[] Regions { get; }

    public DifyEndpointState[] Endpoints { get; }

    public int TotalWeight { get; }

    /// <summary>Healthy weight (<see cref="DifyEndpointState.CountsAsHealthy"/>) ÷ total weight.</summary>
    public double HealthyCapacity()
    {
        var available = 0;
        foreach (var endpoint in Endpoints)
        {
            if (endpoint.CountsAsHealthy) available += endpoint.Weight;
        }

        return TotalWeight == 0 ? 0 : (double)available / TotalWeight;
    }

    /// <summary>The share of this level's traffic throttle shedding moves to the next levels: its regions' sheds, weighted
    /// by their endpoints' weight.</summary>
    public double ThrottleShed(long nowTicks)
    {
        if (Regions.Length == 1) return Regions[0].ThrottleShedAt(nowTicks);
        var weighted = 0.0;
        foreach (var region in Regions) weighted += region.ThrottleShedAt(nowTicks) * region.TotalWeight;
        return TotalWeight == 0 ? 0 : weighted / TotalWeight;
    }

    /// <summary>
    /// Moves the level's effective share towards <paramref name="target"/>: down at once, up by at most
    /// elapsed ÷ ramp. The first call takes the target as is (a client starting up has nothing to fail back from).
    /// </summary>
    public double Ramp(double target, long nowTicks)
    {
        lock (_gate)
        {
            if (double.IsNaN(_share) || target <= _share || _rampTicks <= 0)
            {
                _share = target;
            }
            else
            {
                var elapsed = Math.Max(0, nowTicks - _shareAtTicks);
                _share = Math.Min(target, _share + ((double)elapsed / _rampTicks));
            }

            _shareAtTicks = nowTicks;
            return _share;
        }
    }

    /// <summary>The last effective share (NaN before the first selection).</summary>
    public double CurrentShare
    {
        get { lock (_gate) return _share; }
    }
}
