using Dify.HA.Testing;

namespace Dify.HA.Chaos.Scenarios;

/// <summary>The eight scenarios of issue 3, part 10, and total-outage. Faults hit region-0 (the primary); "one endpoint" faults hit
/// region-0-0, the URL a single-URL client is pointed at.</summary>
internal static class ScenarioCatalog
{
    public static IReadOnlyList<ChaosScenario> All { get; } =
    [
        new() { Name = "healthy", Description = "no fault" },
        new()
        {
            Name = "region-down", Description = "region-0 refuses connections (hard down)", MeasuresFailover = true,
            Inject = t => t.Regions[0].RefuseConnectionsAsync(),
        },
        new()
        {
            Name = "region-blackhole", Description = "region-0 accepts and never answers", MeasuresFailover = true,
            Inject = t => { t.Regions[0].BlackHole(); return Task.CompletedTask; },
        },
        new()
        {
            Name = "slow-endpoint", Description = "region-0-0 answers 2 s late",
            Inject = t => { t.Regions[0].Endpoints[0].Faults.AddLatency(TimeSpan.FromSeconds(2)); return Task.CompletedTask; },
        },
        new()
        {
            Name = "error-burst", Description = "30% of region-0 requests answer 503 (nginx page)",
            Inject = t => ForEach(t.Regions[0], e => e.Faults.StatusBurst(503, 0.3)),
        },
        new()
        {
            Name = "throttle-storm", Description = "50% of region-0 requests answer 429 too_many_requests",
            Inject = t => ForEach(t.Regions[0], e => e.Faults.ThrottleStorm(0.5)),
        },
        new()
        {
            Name = "stream-cut", Description = "region-0-0 cuts every stream after 3 events (runs go on)",
            Inject = t => { t.Regions[0].Endpoints[0].Faults.CutStreamAfterEvents(3); return Task.CompletedTask; },
        },
        new()
        {
            // Not one of the eight named in the issue: it measures the "total outage ≤ 1.2 attempts per request" target.
            Name = "total-outage", Description = "every region refuses connections",
            Inject = t => Task.WhenAll(t.Regions.Select(r => r.RefuseConnectionsAsync())),
        },
        new()
        {
            Name = "failback", Description = "region-0 refuses connections for 3 s, then heals", MeasuresFailover = true,
            Inject = t => t.Regions[0].RefuseConnectionsAsync(), OutageDuration = TimeSpan.FromSeconds(3),
        },
    ];

    public static ChaosScenario? Find(string name) => All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));

    private static Task ForEach(DifyEmulatorRegion region, Action<DifyEmulator> apply)
    {
        foreach (var endpoint in region.Endpoints)
            apply(endpoint);
        return Task.CompletedTask;
    }
}
