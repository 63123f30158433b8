namespace Dify.HA.Chaos.Clients;

/// <summary>The endpoints of a topology as the clients see them: base URLs (with /v1) by region, region 0 = primary.</summary>
internal sealed class ChaosEndpoints
{
    public const string ChatKey = "app-chat";
    public const string WorkflowKey = "app-workflow";

    private readonly Dictionary<int, int> _regionByPort = [];

    public ChaosEndpoints(IReadOnlyList<IReadOnlyList<Uri>> regions)
    {
        Regions = regions;
        for (var r = 0; r < regions.Count; r++)
        {
            foreach (var endpoint in regions[r])
                _regionByPort[endpoint.Port] = r;
        }
    }

    /// <summary>Endpoint base URLs (…/v1) by region.</summary>
    public IReadOnlyList<IReadOnlyList<Uri>> Regions { get; }

    /// <summary>The first endpoint of the primary region: what a single-URL client is pointed at.</summary>
    public Uri Primary => Regions[0][0];

    /// <summary>The region of an endpoint's port, or -1.</summary>
    public int RegionOf(int port) => _regionByPort.TryGetValue(port, out var r) ? r : -1;
}
