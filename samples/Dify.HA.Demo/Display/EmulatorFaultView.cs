using Dify.HA.Demo.Emulation;
using Dify.HA.Demo.Options;

namespace Dify.HA.Demo.Display;

/// <summary>
/// The region table of the plain HttpClient's run: a plain client has no health state to show, so this shows the
/// server side instead: which endpoints the script has broken, and where the requests actually arrive (the emulator's
/// counters; all on eu-west/0, the one URL the plain client knows).
/// </summary>
internal sealed class EmulatorFaultView : IHealthView
{
    private readonly EmulatedDify _dify;
    private readonly RateWindow _rates;

    public EmulatorFaultView(EmulatedDify dify, TimeProvider time)
    {
        _dify = dify;
        _rates = new RateWindow(time);
    }

    public string Title => "server side (the plain client knows eu-west/0 only)";

    public long? Failovers => null;

    public IReadOnlyList<RegionView> Read()
    {
        var regions = _dify.Topology.Regions;
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var r = 0; r < regions.Count; r++)
            counts[DemoDefaults.RegionNames[r]] = regions[r].Endpoints.Sum(e => e.Stats.Requests);
        var rates = _rates.Sample(counts);
        var views = new List<RegionView>(regions.Count);
        for (var r = 0; r < regions.Count; r++)
        {
            var name = DemoDefaults.RegionNames[r];
            var endpoints = regions[r].Endpoints.Select((e, i) => new EndpointView(
                $"{name}/{i}",
                e.Faults.IsRefusingConnections ? "refusing connections" : e.Faults.Any ? "black hole" : "up",
                e.Faults.IsRefusingConnections ? "refused" : e.Faults.Any ? "blackhole" : "up",
                e.Faults.Any ? EndpointMood.Bad : EndpointMood.Good)).ToArray();
            views.Add(new RegionView(name, r, null, endpoints, rates.GetValueOrDefault(name)));
        }

        return views;
    }
}
