using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;
using Dify.HA.Client.Routing;
using Polly.CircuitBreaker;

namespace Dify.HA.Client.Telemetry;

/// <summary>The routing layer's instruments (names in <see cref="DifyRoutingTelemetry"/>). Gauges read every live topology.</summary>
internal static class RoutingMetrics
{
    private static readonly Meter Meter = new(
        DifyClientTelemetry.SourceName,
        typeof(RoutingMetrics).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion);

    private static readonly Counter<long> BreakerTransitions = Meter.CreateCounter<long>(DifyRoutingTelemetry.BreakerTransitionsMetric, description: "Circuit breaker state changes per endpoint.");
    private static readonly Counter<long> Ejections = Meter.CreateCounter<long>(DifyRoutingTelemetry.EjectionsMetric, description: "Outlier ejections per endpoint.");
    private static readonly Counter<long> ProbeTransitions = Meter.CreateCounter<long>(DifyRoutingTelemetry.ProbeTransitionsMetric, description: "Endpoints taken out or brought back by the active health probe.");
    private static readonly Counter<long> AttemptOutcomes = Meter.CreateCounter<long>(DifyRoutingTelemetry.AttemptOutcomesMetric, "{attempt}", "Attempts that ended on an endpoint, by outcome.");
    private static readonly Counter<long> PanicSelections = Meter.CreateCounter<long>(DifyRoutingTelemetry.PanicSelectionsMetric, description: "Selections made in panic mode.");

    static RoutingMetrics()
    {
        Meter.CreateObservableGauge(DifyRoutingTelemetry.BreakerStateMetric, () => PerEndpoint(e => BreakerValue(e.BreakerState)), description: "Breaker state per endpoint: 0 closed, 1 open, 2 half-open.");
        Meter.CreateObservableGauge(DifyRoutingTelemetry.EjectedMetric, () => PerEndpoint(e => e.IsEjected ? 1 : 0), description: "1 while the endpoint is ejected.");
        Meter.CreateObservableGauge(DifyRoutingTelemetry.OutstandingMetric, () => PerEndpoint(e => e.Outstanding), description: "Attempts in flight per endpoint.");
        Meter.CreateObservableGauge(DifyRoutingTelemetry.LatencyEwmaMetric, () => PerEndpointDouble(e => e.LatencyEwmaMs), unit: "ms", description: "Latency average per endpoint.");
        Meter.CreateObservableGauge(DifyRoutingTelemetry.RegionHealthyCapacityMetric, RegionCapacities, description: "Healthy capacity per region (0 to 1).");
    }

    public static void RecordBreakerTransition(DifyTopology topology, DifyEndpointState endpoint, CircuitState state)
    {
        if (!BreakerTransitions.Enabled) return;
        BreakerTransitions.Add(1, Tag(DifyClientTelemetry.ClientNameTag, topology.ClientName), Tag(DifyRoutingTelemetry.RegionTag, endpoint.Region.Name),
            Tag(DifyRoutingTelemetry.EndpointTag, endpoint.Id), Tag(DifyRoutingTelemetry.BreakerStateTag, StateName(state)));
    }

    public static void RecordEjection(DifyTopology topology, DifyEndpointState endpoint)
    {
        if (!Ejections.Enabled) return;
        Ejections.Add(1, Tag(DifyClientTelemetry.ClientNameTag, topology.ClientName), Tag(DifyRoutingTelemetry.RegionTag, endpoint.Region.Name), Tag(DifyRoutingTelemetry.EndpointTag, endpoint.Id));
    }

    public static void RecordProbeTransition(DifyTopology topology, DifyEndpointState endpoint, bool healthy)
    {
        if (!ProbeTransitions.Enabled) return;
        ProbeTransitions.Add(1, Tag(DifyClientTelemetry.ClientNameTag, topology.ClientName), Tag(DifyRoutingTelemetry.RegionTag, endpoint.Region.Name),
            Tag(DifyRoutingTelemetry.EndpointTag, endpoint.Id), Tag(DifyRoutingTelemetry.ProbeResultTag, healthy ? "healthy" : "unhealthy"));
    }

    /// <summary>Runs the static constructor, so that the gauges exist from the first topology on, not from its first event
    /// (a dashboard or a MeterListener started before any traffic sees every endpoint at once).</summary>
    public static void EnsureCreated()
    {
    }

    public static void RecordAttemptOutcome(DifyTopology topology, DifyEndpointState endpoint, EndpointOutcome outcome)
    {
        if (!AttemptOutcomes.Enabled) return;
        var tags = new TagList
        {
            Tag(DifyClientTelemetry.ClientNameTag, topology.ClientName),
            Tag(DifyRoutingTelemetry.RegionTag, endpoint.Region.Name),
            Tag(DifyRoutingTelemetry.EndpointTag, endpoint.Id),
            Tag(DifyRoutingTelemetry.AttemptOutcomeTag, OutcomeName(outcome)),
        };
        AttemptOutcomes.Add(1, in tags);
    }

    private static string OutcomeName(EndpointOutcome outcome) => outcome switch
    {
        EndpointOutcome.Success => "success",
        EndpointOutcome.Failure => "failure",
        EndpointOutcome.Throttled => "throttled",
        _ => "neutral",
    };

    public static void RecordPanic(DifyTopology topology)
    {
        if (!PanicSelections.Enabled) return;
        PanicSelections.Add(1, Tag(DifyClientTelemetry.ClientNameTag, topology.ClientName));
    }

    internal static string StateName(CircuitState state) => state switch
    {
        CircuitState.Closed => "closed",
        CircuitState.Open => "open",
        CircuitState.HalfOpen => "half_open",
        _ => "isolated",
    };

    private static int BreakerValue(CircuitState state) => state switch
    {
        CircuitState.Closed => 0,
        CircuitState.Open => 1,
        CircuitState.HalfOpen => 2,
        _ => 3,
    };

    private static IEnumerable<Measurement<int>> PerEndpoint(Func<DifyEndpointState, int> value)
    {
        foreach (var topology in DifyTopology.LiveTopologies())
        {
            foreach (var endpoint in topology.Endpoints)
                yield return new Measurement<int>(value(endpoint), EndpointTags(topology, endpoint));
        }
    }

    private static IEnumerable<Measurement<double>> PerEndpointDouble(Func<DifyEndpointState, double> value)
    {
        foreach (var topology in DifyTopology.LiveTopologies())
        {
            foreach (var endpoint in topology.Endpoints)
                yield return new Measurement<double>(value(endpoint), EndpointTags(topology, endpoint));
        }
    }

    private static IEnumerable<Measurement<double>> RegionCapacities()
    {
        foreach (var topology in DifyTopology.LiveTopologies())
        {
            foreach (var region in topology.Regions)
                yield return new Measurement<double>(region.HealthyCapacity, Tag(DifyClientTelemetry.ClientNameTag, topology.ClientName), Tag(DifyRoutingTelemetry.RegionTag, region.Name));
        }
    }

    private static KeyValuePair<string, object?>[] EndpointTags(DifyTopology topology, DifyEndpointState endpoint) =>
    [
        Tag(DifyClientTelemetry.ClientNameTag, topology.ClientName),
        Tag(DifyRoutingTelemetry.RegionTag, endpoint.Region.Name),
        Tag(DifyRoutingTelemetry.EndpointTag, endpoint.Id),
    ];

    private static KeyValuePair<string, object?> Tag(string key, object? value) => new(key, value);
}
