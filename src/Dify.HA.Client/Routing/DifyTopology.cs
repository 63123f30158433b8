using System.Runtime.CompilerServices;
using Dify.HA.Client.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;

namespace Dify.HA.Client.Routing;

/// <summary>
/// The live topology of one client name: its regions and endpoints with their shared health state, and the selector
/// that chooses among them. Built once per client name by <c>Create</c>; cheap to read from any thread.
/// </summary>
internal sealed class DifyTopology
{
    // Every live topology, for the observable gauges (weak: a topology that is no longer used is collected).
    private static readonly ConditionalWeakTable<DifyTopology, object?> Live = [];

    private readonly Lock _ejectionGate = new();
    private int _maxEjected;
    private readonly Dictionary<string, DifyRegionState> _regionsByName;

    private DifyTopology(string clientName, DifyTopologyOptions options, TimeProvider timeProvider, ILogger logger, DifyRegionState[] regions)
    {
        ClientName = clientName;
        Options = options;
        TimeProvider = timeProvider;
        Logger = logger;
        RegionArray = regions;
        _regionsByName = regions.ToDictionary(r => r.Name, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The client name (<c>Dify:Clients:&lt;name&gt;</c>).</summary>
    public string ClientName { get; }

    /// <summary>The options the topology was built from (validated; not to be changed afterwards).</summary>
    public DifyTopologyOptions Options { get; }

    /// <summary>The clock of every timing decision.</summary>
    public TimeProvider TimeProvider { get; }

    internal ILogger Logger { get; }

    /// <summary>The regions by ascending priority (configuration order among equal priorities).</summary>
    public IReadOnlyList<DifyRegionState> Regions => RegionArray;

    internal DifyRegionState[] RegionArray { get; }

    /// <summary>Every endpoint, region by region.</summary>
    public IReadOnlyList<DifyEndpointState> Endpoints { get; private set; } = [];

    /// <summary>The selector over this topology.</summary>
    public IDifyEndpointSelector Selector { get; private set; } = null!;

    internal PriorityLevel[] Levels { get; private set; } = [];

    /// <summary>The lowest priority number present (the primary level).</summary>
    internal PriorityLevel PrimaryLevel => Levels[0];

    /// <summary>
    /// Validates <paramref name="topology"/> (keys named <c>Dify:Clients:&lt;clientName&gt;:Topology:…</c>) and builds the
    /// live topology. An empty <see cref="DifyTopologyOptions.Regions"/> means one region <c>default</c> with one endpoint
    /// at <see cref="DifyClientOptions.BaseUrl"/>.
    /// </summary>
    /// <exception cref="OptionsValidationException">The options are invalid; the message lists every problem with its key and fix.</exception>
    public static DifyTopology Create(string clientName, DifyClientOptions options, DifyTopologyOptions topology, TimeProvider timeProvider, Random? random = null, ILogger? logger = null)
        => Create(clientName, options, topology, timeProvider, $"{DifyClientOptions.ConfigurationSection}:{clientName}:Topology", random, logger);

    /// <summary>As <see cref="Create(string, DifyClientOptions, DifyTopologyOptions, TimeProvider, Random?, ILogger?)"/>,
    /// for options bound from another section: <paramref name="topologyKey"/> is the key prefix used in messages.</summary>
    public static DifyTopology Create(string clientName, DifyClientOptions options, DifyTopologyOptions topology, TimeProvider timeProvider, string topologyKey, Random? random = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(clientName);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var failures = DifyTopologyOptionsValidator.Collect(topology, options, topologyKey);
        if (failures.Count > 0) throw new OptionsValidationException(clientName, typeof(DifyTopologyOptions), failures);

        var regionOptions = topology.Regions.Count > 0
            ? [.. topology.Regions]
            : new List<DifyRegionOptions> { DefaultRegion(options.BaseUrl!) };

        // Stable sort by priority: configuration order among equals.
        var ordered = regionOptions.Select((r, i) => (Region: r, Order: i)).OrderBy(x => x.Region.Priority).ThenBy(x => x.Order).Select(x => x.Region).ToArray();
        var regions = ordered.Select(r => new DifyRegionState(r.Name!, r.Priority, string.IsNullOrEmpty(r.ApiKey) ? null : r.ApiKey, topology.Selection, timeProvider)).ToArray();
        var result = new DifyTopology(clientName, topology, timeProvider, logger ?? NullLogger.Instance, regions);
        for (var i = 0; i < regions.Length; i++)
        {
            var region = regions[i];
            region.SetEndpoints([.. ordered[i].Endpoints.Select((e, j) => new DifyEndpointState(result, region, j, e, region.ApiKeyOverride))]);
        }

        result.Endpoints = [.. regions.SelectMany(r => r.EndpointArray)];
        var percent = topology.OutlierEjection.MaxEjectionPercent;
        result._maxEjected = percent <= 0 ? 0 : Math.Max(1, result.Endpoints.Count * percent / 100);
        result.Levels = [.. regions.GroupBy(r => r.Priority).OrderBy(g => g.Key).Select(g => new PriorityLevel(g.Key, [.. g], topology.Selection.FailbackRamp))];
        result.Selector = new PriorityEndpointSelector(result, result.Levels, random);
        Live.AddOrUpdate(result, null);
        RoutingMetrics.EnsureCreated();
        return result;
    }

    private static DifyRegionOptions DefaultRegion(Uri baseUrl)
    {
        var region = new DifyRegionOptions { Name = DifyTopologyOptions.DefaultRegionName, Priority = 0 };
        region.Endpoints.Add(new DifyEndpointOptions { BaseUrl = baseUrl });
        return region;
    }

    /// <summary>The region named <paramref name="name"/> (ordinal, case-insensitive), or null.</summary>
    public DifyRegionState? FindRegion(string name) => _regionsByName.GetValueOrDefault(name);

    /// <summary>True when at least one endpoint is available.</summary>
    public bool AnyAvailable => Endpoints.Any(e => e.IsAvailable);

    /// <summary>Every live topology (for the observable gauges).</summary>
    internal static IEnumerable<DifyTopology> LiveTopologies()
    {
        foreach (var pair in Live) yield return pair.Key;
    }

    /// <summary>Ejects <paramref name="endpoint"/> until <paramref name="untilTicks"/> unless the cap on ejected endpoints is reached.</summary>
    internal bool TryEject(DifyEndpointState endpoint, long nowTicks, long untilTicks)
    {
        lock (_ejectionGate)
        {
            var ejected = 0;
            foreach (var other in Endpoints)
            {
                if (!ReferenceEquals(other, endpoint) && other.IsEjectedAt(nowTicks)) ejected++;
            }

            if (ejected >= _maxEjected)
            {
                RoutingLog.EjectionCapped(Logger, ClientName, endpoint.Id, ejected, Options.OutlierEjection.MaxEjectionPercent);
                return false;
            }

            endpoint.SetEjectedUntil(untilTicks);
            return true;
        }
    }

    internal void OnEjected(DifyEndpointState endpoint, TimeSpan duration)
    {
        RoutingMetrics.RecordEjection(this, endpoint);
        RoutingLog.EndpointEjected(Logger, ClientName, endpoint.Id, duration.TotalSeconds, endpoint.TimesEjected);
    }

    internal void OnLatencyEjected(DifyEndpointState endpoint, TimeSpan duration, double latencyMs, double peerMedianMs)
    {
        RoutingMetrics.RecordEjection(this, endpoint);
        RoutingLog.LatencyOutlierEjected(Logger, ClientName, endpoint.Id, Math.Round(latencyMs), Math.Round(peerMedianMs), duration.TotalSeconds, endpoint.TimesEjected);
    }

    internal void OnUnreachable(DifyEndpointState endpoint, TimeSpan stalledFor)
        => RoutingLog.EndpointUnreachable(Logger, ClientName, endpoint.Id, Math.Round(stalledFor.TotalSeconds, 1));

    internal void OnBreakerStateChanged(DifyEndpointState endpoint, CircuitState state)
    {
        RoutingMetrics.RecordBreakerTransition(this, endpoint, state);
        if (state == CircuitState.Open) RoutingLog.BreakerOpened(Logger, ClientName, endpoint.Id, Options.CircuitBreaker.BreakDuration.TotalSeconds);
        else RoutingLog.BreakerStateChanged(Logger, ClientName, endpoint.Id, state);
    }

    internal void OnProbeStateChanged(DifyEndpointState endpoint, bool healthy)
    {
        RoutingMetrics.RecordProbeTransition(this, endpoint, healthy);
        if (healthy) RoutingLog.ProbeHealthy(Logger, ClientName, endpoint.Id);
        else RoutingLog.ProbeUnhealthy(Logger, ClientName, endpoint.Id);
    }

    internal void OnPanic() => RoutingMetrics.RecordPanic(this);

    /// <summary>Describes the topology (no keys).</summary>
    public override string ToString() => $"{ClientName}: {string.Join(", ", RegionArray.Select(r => r.ToString()))}";
}
