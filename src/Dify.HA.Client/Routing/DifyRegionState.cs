namespace Dify.HA.Client.Routing;

/// <summary>One region of a <see cref="DifyTopology"/>: its endpoints and their combined health.</summary>
internal sealed class DifyRegionState
{
    private DifyEndpointState[] _endpoints = [];
    private int _totalWeight;

    internal DifyRegionState(string name, int priority, string? apiKeyOverride)
    {
        Name = name;
        Priority = priority;
        ApiKeyOverride = apiKeyOverride;
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

    internal void SetEndpoints(DifyEndpointState[] endpoints)
    {
        _endpoints = endpoints;
        _totalWeight = endpoints.Sum(e => e.Weight);
    }

    /// <summary>Describes the region (no key).</summary>
    public override string ToString() => $"{Name} (priority {Priority}, {_endpoints.Length} endpoint(s))";
}
