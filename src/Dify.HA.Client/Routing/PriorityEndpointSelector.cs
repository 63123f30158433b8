namespace Dify.HA.Client.Routing;

/// <summary>
/// The default selector (see <see cref="DifySelectionOptions"/>): priority levels with spill by healthy capacity and a
/// fail-back ramp, weighted power-of-two-choices on latency average × (outstanding + 1) ÷ weight inside a level, and panic mode.
/// Allocation-free; thread-safe (a seeded <see cref="Random"/> is used under a lock, <see cref="Random.Shared"/> without).
/// </summary>
internal sealed class PriorityEndpointSelector : IDifyEndpointSelector
{
    private const int MaxStackCandidates = 256;

    private readonly DifyTopology _topology;
    private readonly PriorityLevel[] _levels;
    private readonly DifyEndpointState[] _all;
    private readonly double _spillThreshold;
    private readonly bool _panicMode;
    private readonly long _stallCheckTicks;
    private readonly Random _random;
    private readonly Lock? _randomGate;

    public PriorityEndpointSelector(DifyTopology topology, PriorityLevel[] levels, Random? random)
    {
        _topology = topology;
        _levels = levels;
        _all = [.. levels.SelectMany(l => l.Endpoints)];
        _spillThreshold = topology.Options.Selection.SpillThreshold;
        _panicMode = topology.Options.Selection.PanicMode;
        var ejection = topology.Options.OutlierEjection;
        // Below the floor no stall can be an outlier; at least 1 ms so that a zero floor does not check on every call.
        _stallCheckTicks = ejection.Enabled && ejection.LatencyEnabled
            ? Math.Max(TimeSpan.TicksPerMillisecond, ejection.LatencyFloor.Ticks)
            : long.MaxValue;
        _random = random ?? Random.Shared;
        _randomGate = random is null ? null : new Lock();
    }

    public DifyEndpointState? Select(in EndpointSelectionContext context)
    {
        var exclude = context.Exclude;
        var now = MonotonicClock.NowTicks(_topology.TimeProvider);
        if (context.PinnedRegion is { } pinned)
        {
            // Affinity: the region that holds the conversation/task/run, or nothing (never a silent 404 elsewhere).
            var region = _topology.FindRegion(pinned);
            return region is null ? null : PickFrom(region.EndpointArray, exclude, panic: false, now);
        }

        Span<double> shares = stackalloc double[_levels.Length];
        var remaining = 1.0;
        for (var i = 0; i < _levels.Length; i++)
        {
            var level = _levels[i];
            var target = Math.Min(1.0, level.HealthyCapacity() / _spillThreshold);
            // Throttle shedding applies after the fail-back ramp: it comes and goes with the 429 ratio, and must not
            // restart the ramp of a level that is healthy but throttled.
            var effective = level.Ramp(target, now) * (1 - level.ThrottleShed(now));
            shares[i] = remaining * effective;
            remaining -= shares[i];
        }

        var total = 1.0 - remaining;
        if (total > 1e-9)
        {
            // Traffic left over when every level spills is shared in proportion (normalising by the total).
            var draw = NextDouble() * total;
            var chosen = _levels.Length - 1;
            for (var i = 0; i < _levels.Length; i++)
            {
                draw -= shares[i];
                if (draw < 0 && shares[i] > 0)
                {
                    chosen = i;
                    break;
                }
            }

            var endpoint = PickFrom(_levels[chosen].Endpoints, exclude, panic: false, now);
            if (endpoint is not null) return endpoint;

            // The chosen level has nothing left for this call (all tried): fall through by priority.
            for (var i = 0; i < _levels.Length; i++)
            {
                if (i == chosen) continue;
                endpoint = PickFrom(_levels[i].Endpoints, exclude, panic: false, now);
                if (endpoint is not null) return endpoint;
            }
        }

        if (!_panicMode) return null;
        var panicked = PickFrom(_all, exclude, panic: true, now);
        if (panicked is not null) _topology.OnPanic();
        return panicked;
    }

    /// <summary>Weighted power-of-two-choices among the selectable endpoints of <paramref name="endpoints"/>.</summary>
    private DifyEndpointState? PickFrom(DifyEndpointState[] endpoints, IReadOnlySet<DifyEndpointState>? exclude, bool panic, long now)
    {
        Span<int> candidates = endpoints.Length <= MaxStackCandidates ? stackalloc int[endpoints.Length] : new int[endpoints.Length];
        var count = 0;
        var totalWeight = 0;
        for (var i = 0; i < endpoints.Length; i++)
        {
            var endpoint = endpoints[i];
            if (exclude is not null && exclude.Contains(endpoint)) continue;
            // An endpoint whose calls have gone silent for longer than the latency floor may be a latency outlier even
            // before its first slow answer returns (the check is cheap until then).
            if (endpoint.StalledTicks(now) > _stallCheckTicks) endpoint.CheckLatencyOutlier(now, stalled: true);
            // Panic ignores ejection and probes (they may be wrong) but not an open breaker, which fails fast by design.
            if (panic ? !endpoint.Breaker.AllowsCall : !endpoint.IsAvailable) continue;
            // A half-open breaker with a free trial slot gets the call: its trial is what closes it. Left to the
            // score, an endpoint whose peer is faster would wait for a trial indefinitely (two endpoints: P2C compares
            // the same pair every time) and its region would run on half its capacity.
            if (!panic && endpoint.Breaker.Enabled && endpoint.Breaker.State == Polly.CircuitBreaker.CircuitState.HalfOpen) return endpoint;
            candidates[count++] = i;
            totalWeight += endpoint.Weight;
        }

        if (count == 0) return null;
        if (count == 1) return endpoints[candidates[0]];

        var first = WeightedPick(endpoints, candidates[..count], totalWeight, skip: -1);
        var second = WeightedPick(endpoints, candidates[..count], totalWeight - endpoints[first].Weight, skip: first);
        var a = endpoints[first];
        var b = endpoints[second];
        return Score(b, now) < Score(a, now) ? b : a;
    }

    private int WeightedPick(DifyEndpointState[] endpoints, ReadOnlySpan<int> candidates, int totalWeight, int skip)
    {
        var draw = NextInt(totalWeight);
        var last = -1;
        foreach (var index in candidates)
        {
            if (index == skip) continue;
            last = index;
            draw -= endpoints[index].Weight;
            if (draw < 0) return index;
        }

        return last;
    }

    /// <summary>Expected wait per unit of weight: latency (at least 1 ms, so an endpoint without samples still counts its
    /// queue) × (outstanding + 1) ÷ weight. The latency is the average, or how long the endpoint's in-flight calls have been
    /// silent when that is longer, so an endpoint that just got stuck stops attracting calls by its short queue. Dividing by
    /// the weight is what makes weights hold when both candidates are always the same two (a region of two endpoints): a
    /// weight-3 endpoint takes calls until it has about three times the other's queue.</summary>
    private static double Score(DifyEndpointState endpoint, long now)
        => Math.Max(1.0, endpoint.EffectiveLatencyMs(now)) * (endpoint.Outstanding + 1) / endpoint.Weight;

    private double NextDouble()
    {
        if (_randomGate is null) return _random.NextDouble();
        lock (_randomGate) return _random.NextDouble();
    }

    private int NextInt(int maxExclusive)
    {
        if (_randomGate is null) return _random.Next(maxExclusive);
        lock (_randomGate) return _random.Next(maxExclusive);
    }
}
