namespace Dify.HA.Client.Resilience.Internal;

/// <summary>
/// The narrow view of the routing layer the pipeline needs: choose an endpoint, report attempts, describe states.
/// <see cref="TopologyEndpointPool"/> adapts the shared <c>DifyTopology</c>; tests or benchmarks may supply another.
/// </summary>
internal interface IHaEndpointPool
{
    /// <summary>The regions, best first.</summary>
    IReadOnlyList<string> Regions { get; }

    /// <summary>Chooses an endpoint not in <paramref name="exclude"/>, inside <paramref name="pinnedRegion"/> when set;
    /// null when none is available.</summary>
    HaEndpoint? Select(IReadOnlySet<HaEndpoint>? exclude, string? pinnedRegion);

    /// <summary>Starts an attempt on <paramref name="endpoint"/>.</summary>
    IHaAttempt Begin(HaEndpoint endpoint);

    /// <summary>Each region and its endpoints' states, for error messages (no keys).</summary>
    string DescribeStates();

    /// <summary>
    /// Cancelled when the routing layer finds <paramref name="endpoint"/> unreachable while attempts to it are in flight
    /// (a health probe failed while its calls had been silent for <c>HealthProbe:StalledProbeAfter</c> + <c>Timeout</c>): an attempt still
    /// waiting for its headers there may be ended at once, as if its own timeout had fired. Read it when the attempt starts.
    /// None by default (a pool without this signal).
    /// </summary>
    CancellationToken UnreachableToken(HaEndpoint endpoint) => CancellationToken.None;
}
