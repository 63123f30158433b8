using Dify.HA.Demo.Options;
using Dify.HA.Testing;

namespace Dify.HA.Demo.Emulation;

/// <summary>
/// Three emulated Dify regions of two endpoints each, in this process (Dify.HA.Testing): eu-west (primary), us-east,
/// ap-south. Each region has its own store, like a real deployment has its own database.
/// </summary>
internal sealed class EmulatedDify : IAsyncDisposable
{
    public const string ChatKey = "app-chat";
    public const string WorkflowKey = "app-workflow";

    private EmulatedDify(DifyEmulatorTopology topology, GenerationLedger ledger)
    {
        Topology = topology;
        Ledger = ledger;
    }

    public DifyEmulatorTopology Topology { get; }

    public GenerationLedger Ledger { get; }

    /// <summary>The regions as the HA client is configured with them: display name and endpoint URLs, by priority.</summary>
    public IReadOnlyList<(string Name, IReadOnlyList<Uri> Endpoints)> Regions =>
        [.. Topology.Regions.Select((r, i) => (DemoDefaults.RegionNames[i], (IReadOnlyList<Uri>)[.. r.Endpoints.Select(e => e.BaseUrl)]))];

    /// <summary>Where a single-URL client points: the primary region's first endpoint.</summary>
    public Uri PrimaryUrl => Topology.Regions[0].Endpoints[0].BaseUrl;

    public static async Task<EmulatedDify> StartAsync(CancellationToken cancellationToken)
    {
        var ledger = new GenerationLedger();
        var topology = await DifyEmulatorTopology.StartAsync(DemoDefaults.RegionNames.Count, endpointsPerRegion: 2, o =>
        {
            // 4 ms between tokens: a streamed answer takes ≈ 100–200 ms, long enough to be cut by a fault, short
            // enough that a few calls a second keep two cores mostly idle.
            o.TokenDelay = TimeSpan.FromMilliseconds(4);
            foreach (var app in o.Apps)
                app.AnswerFactory = ledger.Record;
        }, cancellationToken).ConfigureAwait(false);
        return new EmulatedDify(topology, ledger);
    }

    public ValueTask DisposeAsync() => Topology.DisposeAsync();
}
