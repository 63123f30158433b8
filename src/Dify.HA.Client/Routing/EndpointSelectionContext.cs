namespace Dify.HA.Client.Routing;

/// <summary>What constrains a selection.</summary>
/// <param name="Exclude">Endpoints already tried by this call (never chosen again), or null.</param>
/// <param name="PinnedRegion">Affinity: only endpoints of this region (by name, case-insensitive), or null for any.</param>
internal readonly record struct EndpointSelectionContext(IReadOnlySet<DifyEndpointState>? Exclude, string? PinnedRegion);
