using Dify.HA.Testing;

namespace Dify.HA.Chaos.Scenarios;

/// <summary>
/// One fault scenario: a topology shape, the fault switched on once the warm-up share of the load has completed, and
/// optionally a heal after <see cref="OutageDuration"/>.
/// </summary>
internal sealed record ChaosScenario
{
    /// <summary>The command-line name (healthy, region-down, …).</summary>
    public required string Name { get; init; }

    /// <summary>One line for the table's legend and the docs.</summary>
    public required string Description { get; init; }

    /// <summary>Regions in the topology (2–3).</summary>
    public int Regions { get; init; } = 2;

    /// <summary>Endpoints per region.</summary>
    public int EndpointsPerRegion { get; init; } = 2;

    /// <summary>Switches the fault on; null = no fault.</summary>
    public Func<DifyEmulatorTopology, Task>? Inject { get; init; }

    /// <summary>When set, the topology is healed this long after the fault, and fail-back is measured.</summary>
    public TimeSpan? OutageDuration { get; init; }

    /// <summary>Whether the fault removes the primary region, so that failover_ms applies.</summary>
    public bool MeasuresFailover { get; init; }
}
