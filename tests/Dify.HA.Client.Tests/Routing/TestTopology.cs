using Dify.HA.Client.Routing;
using Microsoft.Extensions.Time.Testing;

namespace Dify.HA.Client.Tests.Routing;

/// <summary>Builds topologies of fake endpoints (http://&lt;region&gt;-&lt;i&gt;.test/v1) on a FakeTimeProvider with seeded randomness.</summary>
internal static class TestTopology
{
    public const string ApiKey = "app-test-key";

    public static DifyTopology Build(FakeTimeProvider time, Action<DifyTopologyOptions>? configure, params (string Name, int Priority, int Endpoints)[] regions)
    {
        var options = Options(configure, regions);
        return DifyTopology.Create("Default", new DifyClientOptions { ApiKey = ApiKey }, options, time, new Random(1234));
    }

    public static DifyTopologyOptions Options(Action<DifyTopologyOptions>? configure, params (string Name, int Priority, int Endpoints)[] regions)
    {
        var options = new DifyTopologyOptions();
        foreach (var (name, priority, count) in regions)
        {
            var region = new DifyRegionOptions { Name = name, Priority = priority };
            for (var i = 0; i < count; i++) region.Endpoints.Add(new DifyEndpointOptions { BaseUrl = new Uri($"http://{name}-{i}.test/v1") });
            options.Regions.Add(region);
        }

        configure?.Invoke(options);
        return options;
    }

    public static FakeTimeProvider Time() => new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    /// <summary>Completes one attempt with <paramref name="outcome"/> and <paramref name="latencyMs"/>.</summary>
    public static void Record(this DifyEndpointState endpoint, EndpointOutcome outcome, double latencyMs = 10)
    {
        using var attempt = endpoint.BeginAttempt();
        attempt.Complete(outcome, TimeSpan.FromMilliseconds(latencyMs));
    }

    public static void Fail(this DifyEndpointState endpoint, int times)
    {
        for (var i = 0; i < times; i++) endpoint.Record(EndpointOutcome.Failure);
    }

    /// <summary>Selects <paramref name="count"/> times (completing each attempt at once) and counts picks per endpoint id.</summary>
    public static Dictionary<string, int> Distribution(DifyTopology topology, int count, EndpointSelectionContext context = default)
    {
        var counts = topology.Endpoints.ToDictionary(e => e.Id, _ => 0);
        for (var i = 0; i < count; i++)
        {
            var endpoint = topology.Selector.Select(context) ?? throw new InvalidOperationException("nothing selected");
            counts[endpoint.Id]++;
        }

        return counts;
    }

    public static int RegionCount(Dictionary<string, int> counts, string region)
        => counts.Where(p => p.Key.StartsWith(region + "/", StringComparison.Ordinal)).Sum(p => p.Value);
}
