using Dify.HA.Client.Routing;

namespace Dify.HA.Client.Resilience.Internal;

/// <summary>The pipeline's view of the shared <see cref="DifyTopology"/>: its selector chooses, its endpoint states
/// (breaker, ejection, EWMA, outstanding) receive every attempt's outcome.</summary>
internal sealed class TopologyEndpointPool : IHaEndpointPool
{
    private readonly DifyTopology _topology;
    private readonly Dictionary<DifyEndpointState, HaEndpoint> _byState;

    public TopologyEndpointPool(DifyTopology topology)
    {
        _topology = topology;
        _byState = topology.Endpoints.ToDictionary(
            e => e,
            e => new HaEndpoint(e.Id, e.BaseUrl, e.Region.Name, e.ApiKeyOverride, e));
        Regions = [.. topology.Regions.Select(r => r.Name)];
    }

    public DifyTopology Topology => _topology;

    public IReadOnlyList<string> Regions { get; }

    public HaEndpoint? Select(IReadOnlySet<HaEndpoint>? exclude, string? pinnedRegion)
    {
        HashSet<DifyEndpointState>? states = null;
        if (exclude is { Count: > 0 })
        {
            states = new HashSet<DifyEndpointState>(exclude.Count);
            foreach (var e in exclude) states.Add((DifyEndpointState)e.Native!);
        }
        var chosen = _topology.Selector.Select(new EndpointSelectionContext(states, pinnedRegion));
        return chosen is null ? null : _byState[chosen];
    }

    public IHaAttempt Begin(HaEndpoint endpoint) => new Attempt(((DifyEndpointState)endpoint.Native!).BeginAttempt());

    public CancellationToken UnreachableToken(HaEndpoint endpoint) => ((DifyEndpointState)endpoint.Native!).UnreachableToken;

    public string DescribeStates()
        => string.Join("; ", _topology.Regions.Select(r =>
            $"{r.Name} (priority {r.Priority}, healthy capacity {r.HealthyCapacity:P0}): " +
            string.Join(", ", r.Endpoints.Select(e => $"{e.Id} {State(e)}"))));

    private static string State(DifyEndpointState e)
        => e.IsAvailable ? "up"
            : e.IsEjected ? "ejected"
            : e.IsProbeFailing ? "probe failing"
            : $"breaker {e.BreakerState}";

    private sealed class Attempt(EndpointAttempt inner) : IHaAttempt
    {
        public void Complete(HaOutcome outcome, TimeSpan latency) => inner.Complete(
            outcome switch
            {
                HaOutcome.Success => EndpointOutcome.Success,
                HaOutcome.Failure => EndpointOutcome.Failure,
                HaOutcome.Throttled => EndpointOutcome.Throttled,
                _ => EndpointOutcome.Neutral,
            },
            latency);

        public void Dispose() => inner.Dispose();
    }
}
