using System.Globalization;
using Dify.HA.Client;

namespace Dify.HA.Demo.Options;

/// <summary>
/// The demo's appsettings, in code so that <c>dotnet run</c> needs no file: the HA client's settings under
/// <c>Dify:Clients:&lt;name&gt;</c>, for both of its clients. Everything here can be overridden from the environment
/// (<c>DIFY_DEMO_Dify__Clients__demo-chat__Topology__HealthProbe__Interval=00:00:02</c>). The library's defaults suit
/// production; a one-minute demo shortens the few timings that would otherwise outlast its phases.
/// </summary>
internal static class DemoDefaults
{
    /// <summary>The chat client's name (<c>Dify:Clients:demo-chat</c>).</summary>
    public const string ChatClient = "demo-chat";

    /// <summary>The workflow client's name (<c>Dify:Clients:demo-workflow</c>).</summary>
    public const string WorkflowClient = "demo-workflow";

    /// <summary>The region names of the emulated topology, by priority (their emulator regions are region-0, -1, -2).</summary>
    public static IReadOnlyList<string> RegionNames { get; } = ["eu-west", "us-east", "ap-south"];

    public static IReadOnlyDictionary<string, string?> Settings { get; } = Build();

    /// <summary>The topology keys of one client: regions in priority order, each a list of endpoint URLs.</summary>
    public static void AddTopology(IDictionary<string, string?> settings, string client, IReadOnlyList<(string Name, IReadOnlyList<Uri> Endpoints)> regions)
    {
        var prefix = $"{DifyClientOptions.ConfigurationSection}:{client}:Topology:Regions:";
        for (var r = 0; r < regions.Count; r++)
        {
            var region = string.Create(CultureInfo.InvariantCulture, $"{prefix}{r}:");
            settings[region + "Name"] = regions[r].Name;
            settings[region + "Priority"] = r.ToString(CultureInfo.InvariantCulture);
            for (var e = 0; e < regions[r].Endpoints.Count; e++)
                settings[string.Create(CultureInfo.InvariantCulture, $"{region}Endpoints:{e}:BaseUrl")] = regions[r].Endpoints[e].ToString();
        }
    }

    private static Dictionary<string, string?> Build()
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var client in new[] { ChatClient, WorkflowClient })
        {
            var p = $"{DifyClientOptions.ConfigurationSection}:{client}:";
            // A blocking call gives up after 10 s (default 100 s): the demo's callers have a 10 s deadline anyway.
            settings[p + "Timeout"] = "00:00:10";
            // Probe every second (default 5 s ± 1 s): an outage is seen within a phase, and a healed region comes back
            // (2 good probes) within ≈ 2 s, so fail-back shows inside the last phase.
            settings[p + "Topology:HealthProbe:Interval"] = "00:00:01";
            settings[p + "Topology:HealthProbe:Jitter"] = "00:00:00.200";
            settings[p + "Topology:HealthProbe:Timeout"] = "00:00:00.500";
            settings[p + "Topology:HealthProbe:StalledProbeAfter"] = "00:00:01";
            // Fail-back ramps over 5 s (default 30 s) so the primary's share visibly climbs back during the heal phase.
            settings[p + "Topology:Selection:FailbackRamp"] = "00:00:05";
            // Shorter breaks and ejections (defaults 10 s and 30 s): a healed endpoint is retried within the phase.
            settings[p + "Topology:CircuitBreaker:BreakDuration"] = "00:00:03";
            settings[p + "Topology:OutlierEjection:BaseEjectionTime"] = "00:00:05";
        }

        return settings;
    }
}
