using Dify.HA.Client.Health;
using Dify.HA.Client.Routing;
using Dify.HA.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Dify.HA.Client.Tests.Health;

/// <summary>Probing real sockets: a two-region emulator topology whose primary refuses connections, then heals.</summary>
public sealed class HealthProberEmulatorTests : IAsyncLifetime
{
    private DifyEmulatorTopology _emulators = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _emulators = await DifyEmulatorTopology.StartAsync(regions: 2, endpointsPerRegion: 1);
        _services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _emulators.DisposeAsync();
    }

    private DifyTopology Topology(TimeProvider time, Action<DifyTopologyOptions>? configure = null)
    {
        var options = new DifyTopologyOptions();
        foreach (var region in _emulators.Regions)
        {
            var regionOptions = new DifyRegionOptions { Name = region.Name, Priority = options.Regions.Count };
            foreach (var endpoint in region.Endpoints) regionOptions.Endpoints.Add(new DifyEndpointOptions { BaseUrl = endpoint.BaseUrl });
            options.Regions.Add(regionOptions);
        }

        configure?.Invoke(options);
        return DifyTopology.Create("Default", new DifyClientOptions { ApiKey = "app-x" }, options, time, new Random(7));
    }

    private DifyHealthProber Prober(DifyTopology topology)
        => new(topology, _services.GetRequiredService<IHttpClientFactory>(), "probe", random: new Random(3));

    [Fact]
    public async Task Probe_takes_a_refusing_region_out_and_readmits_it_after_it_heals()
    {
        var topology = Topology(TimeProvider.System);
        await using var prober = Prober(topology);
        var primary = topology.Regions[0].Endpoints[0];

        await prober.ProbeAllOnceAsync();
        Assert.True(primary.IsAvailable);

        await _emulators.Regions[0].RefuseConnectionsAsync();
        await prober.ProbeAllOnceAsync();
        await prober.ProbeAllOnceAsync();
        Assert.True(primary.IsProbeFailing);
        Assert.Equal(0, topology.Regions[0].HealthyCapacity);
        Assert.Equal("region-1", topology.Selector.Select(default)!.Region.Name);

        await _emulators.Regions[0].HealAsync();
        await prober.ProbeAllOnceAsync();
        Assert.False(primary.IsAvailable); // one success is not enough (HealthyThreshold 2)
        await prober.ProbeAllOnceAsync();

        Assert.True(primary.IsAvailable);
        Assert.Equal(1, topology.Regions[0].HealthyCapacity);
        Assert.True(topology.Regions[1].Endpoints[0].IsAvailable);
    }

    [Fact]
    public async Task Probe_of_a_missing_health_path_counts_as_failed()
    {
        var topology = Topology(TimeProvider.System, o => o.HealthProbe.Path = "no-such-path");
        await using var prober = Prober(topology);

        await prober.ProbeAllOnceAsync();
        await prober.ProbeAllOnceAsync();

        Assert.All(topology.Endpoints, e => Assert.True(e.IsProbeFailing));
    }

    [Fact]
    public async Task Probe_uses_the_endpoint_health_url_when_set()
    {
        var topology = Topology(TimeProvider.System, o =>
        {
            foreach (var (region, i) in o.Regions.Select((r, i) => (r, i)))
                region.Endpoints[0].HealthUrl = new Uri(_emulators.Regions[i].Endpoints[0].RootUrl, "health");
        });
        await using var prober = Prober(topology);
        await _emulators.Regions[1].RefuseConnectionsAsync();

        await prober.ProbeAllOnceAsync();
        await prober.ProbeAllOnceAsync();

        Assert.EndsWith("/health", topology.Endpoints[0].HealthUrl.AbsolutePath, StringComparison.Ordinal);
        Assert.True(topology.Endpoints[0].IsAvailable);
        Assert.True(topology.Endpoints[1].IsProbeFailing);
        await _emulators.Regions[1].HealAsync();
    }

    [Fact]
    public async Task Background_loop_probes_on_the_time_provider_interval()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var topology = Topology(time, o =>
        {
            o.HealthProbe.Interval = TimeSpan.FromSeconds(30);
            o.HealthProbe.Jitter = TimeSpan.FromSeconds(1);
            // As long as allowed (the interval): fake time moves 1 s per 20 ms of real time, so a real probe request that
            // a loaded machine keeps in flight for a few hundred ms must not be timed out by the steps meanwhile.
            o.HealthProbe.Timeout = TimeSpan.FromSeconds(30);
        });
        var primary = topology.Regions[0].Endpoints[0];
        await using var prober = Prober(topology);
        await _emulators.Regions[0].RefuseConnectionsAsync();

        await prober.StartAsync();
        Assert.True(prober.IsRunning);
        await AdvanceUntil(time, () => primary.IsProbeFailing);
        Assert.True(topology.Regions[1].Endpoints[0].IsAvailable);

        await _emulators.Regions[0].HealAsync();
        await AdvanceUntil(time, () => primary.IsAvailable);
        await prober.StopAsync();

        Assert.False(prober.IsRunning);
    }

    // Moves fake time in one-second steps (letting the real probe requests finish between steps) until the condition
    // holds; fails after 10 s of real time.
    private static async Task AdvanceUntil(FakeTimeProvider time, Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not become true in time");
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(20);
        }
    }
}
