namespace Dify.HA.Demo.Display;

/// <summary>How one region looks right now: its endpoints, healthy capacity (0–1, null when unknown) and the attempts it gets per second.</summary>
internal sealed record RegionView(string Name, int Priority, double? Capacity, IReadOnlyList<EndpointView> Endpoints, double AttemptsPerSecond);
