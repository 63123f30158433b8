namespace Dify.HA.Client.Routing;

/// <summary>
/// Where a client's Dify deployments are and how their health is judged: regions (each with endpoints), the per-endpoint
/// circuit breaker, outlier ejection, active health probing and endpoint selection. Bound from
/// <c>Dify:Clients:&lt;name&gt;:Topology</c> and validated at start-up (see docs/ha-client.md).
/// </summary>
public sealed class DifyTopologyOptions
{
    /// <summary>The name of the one region used when <see cref="Regions"/> is empty: <c>default</c>.</summary>
    public const string DefaultRegionName = "default";

    /// <summary>
    /// The regions, in any order (<see cref="DifyRegionOptions.Priority"/> orders them). Default empty: one region
    /// named <c>default</c> with one endpoint at <see cref="DifyClientOptions.BaseUrl"/>. At most 32 regions.
    /// </summary>
    public IList<DifyRegionOptions> Regions { get; } = [];

    /// <summary>The circuit breaker every endpoint gets (defaults in <see cref="DifyCircuitBreakerOptions"/>).</summary>
    public DifyCircuitBreakerOptions CircuitBreaker { get; set; } = new();

    /// <summary>Outlier ejection of failing endpoints (defaults in <see cref="DifyOutlierEjectionOptions"/>).</summary>
    public DifyOutlierEjectionOptions OutlierEjection { get; set; } = new();

    /// <summary>Active health probing of every endpoint (defaults in <see cref="DifyHealthProbeOptions"/>).</summary>
    public DifyHealthProbeOptions HealthProbe { get; set; } = new();

    /// <summary>How an endpoint is chosen for each attempt (defaults in <see cref="DifySelectionOptions"/>).</summary>
    public DifySelectionOptions Selection { get; set; } = new();
}
