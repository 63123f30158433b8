namespace Dify.HA.Client.Telemetry;

/// <summary>
/// The names of the routing layer's metrics and tags (endpoint health and selection), published on the
/// <see cref="DifyClientTelemetry.SourceName"/> meter. Subscribe with OpenTelemetry's <c>AddMeter("Dify.HA.Client")</c>.
/// </summary>
public static class DifyRoutingTelemetry
{
    /// <summary>Gauge: each endpoint's breaker state: 0 closed, 1 open, 2 half-open (tags: client, region, endpoint).</summary>
    public const string BreakerStateMetric = "dify.client.endpoint.breaker.state";

    /// <summary>Counter: breaker transitions (tags: client, region, endpoint, <see cref="BreakerStateTag"/> = the new state).</summary>
    public const string BreakerTransitionsMetric = "dify.client.endpoint.breaker.transitions";

    /// <summary>Counter: outlier ejections (tags: client, region, endpoint).</summary>
    public const string EjectionsMetric = "dify.client.endpoint.ejections";

    /// <summary>Gauge: 1 while an endpoint is ejected, else 0 (tags: client, region, endpoint).</summary>
    public const string EjectedMetric = "dify.client.endpoint.ejected";

    /// <summary>Counter: endpoints the active probe took out or brought back (tags: client, region, endpoint,
    /// <see cref="ProbeResultTag"/> = <c>healthy</c> or <c>unhealthy</c>).</summary>
    public const string ProbeTransitionsMetric = "dify.client.endpoint.probe.transitions";

    /// <summary>Gauge: attempts in flight per endpoint (tags: client, region, endpoint).</summary>
    public const string OutstandingMetric = "dify.client.endpoint.outstanding";

    /// <summary>Gauge: latency average per endpoint, in ms (tags: client, region, endpoint).</summary>
    public const string LatencyEwmaMetric = "dify.client.endpoint.latency_ewma";

    /// <summary>Gauge: each region's healthy capacity, 0 to 1 (tags: client, region).</summary>
    public const string RegionHealthyCapacityMetric = "dify.client.region.healthy_capacity";

    /// <summary>Counter: selections made in panic mode (nothing available anywhere) (tag: client).</summary>
    public const string PanicSelectionsMetric = "dify.client.selection.panic";

    /// <summary>Counter: attempts that ended on an endpoint, by outcome (tags: client, region, endpoint,
    /// <see cref="AttemptOutcomeTag"/>). The per-region error ratio is <c>failure</c> over all outcomes.</summary>
    public const string AttemptOutcomesMetric = "dify.client.endpoint.attempts";

    /// <summary>Tag: how an attempt ended for its endpoint: <c>success</c>, <c>failure</c> (counts towards breaker and
    /// ejection), <c>neutral</c> (a caller error or cancellation: says nothing about the endpoint) or <c>throttled</c> (429).</summary>
    public const string AttemptOutcomeTag = "dify.attempt.outcome";

    /// <summary>Tag: the region's name.</summary>
    public const string RegionTag = "dify.region";

    /// <summary>Tag: the endpoint's id, <c>&lt;region&gt;/&lt;index&gt;</c>.</summary>
    public const string EndpointTag = "dify.endpoint";

    /// <summary>Tag: a breaker state, <c>closed</c>, <c>open</c> or <c>half_open</c>.</summary>
    public const string BreakerStateTag = "dify.breaker.state";

    /// <summary>Tag: a probe's verdict, <c>healthy</c> or <c>unhealthy</c>.</summary>
    public const string ProbeResultTag = "dify.probe.result";
}
