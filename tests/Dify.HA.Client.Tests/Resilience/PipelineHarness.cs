using Dify.HA.Client.Resilience.Internal;
using Dify.HA.Client.Routing;
using Dify.HA.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Dify.HA.Client.Tests.Resilience;

/// <summary>An emulator topology and a client whose Topology lists its regions (priority = region index unless
/// <c>samePriority</c>), with ms-scale pipeline timings and probing off.</summary>
internal sealed class PipelineHarness : IAsyncDisposable
{
    public const string ClientName = "ha";
    public const string User = "pipeline-user";

    private readonly ServiceProvider _services;

    private PipelineHarness(DifyEmulatorTopology topology, ServiceProvider services, string name)
    {
        Topology = topology;
        _services = services;
        Name = name;
    }

    /// <summary>The client's name (<see cref="ClientName"/> unless a test needs its own, e.g. to tell its metrics apart).</summary>
    public string Name { get; }

    public DifyEmulatorTopology Topology { get; }

    public IDifyClient Client => _services.GetRequiredService<IDifyClientFactory>().CreateClient(Name);

    public HaTransport Transport => (HaTransport)_services.GetRequiredKeyedService<IDifyTransport>(Name);

    public IEnumerable<DifyEmulator> Endpoints => Topology.AllEndpoints;

    public static async Task<PipelineHarness> StartAsync(
        int regions,
        int endpointsPerRegion,
        string apiKey = "app-chat",
        Action<DifyResilienceOptions>? resilience = null,
        bool samePriority = false,
        Func<DelegatingHandler>? handler = null,
        Action<DifyEmulatorOptions>? emulator = null,
        Action<DifyTopologyOptions>? topologyOptions = null,
        Action<IServiceCollection>? configureServices = null,
        Action<DifyClientOptions>? client = null,
        string clientName = ClientName)
    {
        var topology = await DifyEmulatorTopology.StartAsync(regions, endpointsPerRegion, o =>
        {
            o.TokenDelay = TimeSpan.Zero;
            emulator?.Invoke(o);
        });
        var services = new ServiceCollection();
        var builder = services.AddDifyClient(clientName, o =>
        {
            o.BaseUrl = topology.Regions[0].Endpoints[0].BaseUrl;
            o.ApiKey = apiKey;
            o.DefaultUser = User;
            o.Timeout = TimeSpan.FromSeconds(5);
            o.StreamIdleTimeout = TimeSpan.FromSeconds(5);
            for (var r = 0; r < topology.Regions.Count; r++)
            {
                var region = new DifyRegionOptions { Name = topology.Regions[r].Name, Priority = samePriority ? 0 : r };
                foreach (var e in topology.Regions[r].Endpoints) region.Endpoints.Add(new DifyEndpointOptions { BaseUrl = e.BaseUrl });
                o.Topology.Regions.Add(region);
            }
            o.Topology.HealthProbe.Enabled = false;
            topologyOptions?.Invoke(o.Topology);
            var p = o.Resilience;
            p.ConnectTimeout = TimeSpan.FromSeconds(1);
            p.ResponseHeadersTimeout = TimeSpan.FromSeconds(2);
            p.StreamResponseHeadersTimeout = TimeSpan.FromSeconds(2);
            p.FirstEventTimeout = TimeSpan.FromSeconds(2);
            p.Deadline = TimeSpan.FromSeconds(10);
            p.BackoffBase = TimeSpan.FromMilliseconds(1);
            p.BackoffMax = TimeSpan.FromMilliseconds(10);
            resilience?.Invoke(p);
            client?.Invoke(o);
        });
        if (handler is not null) builder.ConfigureHttpClient(b => b.AddHttpMessageHandler(handler));
        configureServices?.Invoke(services);
        return new PipelineHarness(topology, services.BuildServiceProvider(), clientName);
    }

    public long Total(Func<DifyEmulator, long> counter) => Endpoints.Sum(counter);

    public long RegionTotal(int region, Func<DifyEmulator, long> counter) => Topology.Regions[region].Endpoints.Sum(counter);

    public static ChatMessageRequest Chat(string query = "hello", string? conversationId = null)
        => new() { Query = query, ConversationId = conversationId };

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Topology.DisposeAsync();
    }
}
