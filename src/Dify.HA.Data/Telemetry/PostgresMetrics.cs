using System.Diagnostics.Metrics;
using Dify.HA.Data.Postgres;
using Dify.HA.Data.Postgres.Internals;

namespace Dify.HA.Data.Telemetry;

/// <summary>The router's instruments. Tag values are preallocated strings so the hot path does not build any.</summary>
internal sealed class PostgresMetrics : IDisposable
{
    private readonly Meter? _ownedMeter;
    private readonly Counter<long> _decisions;
    private readonly Counter<long> _failovers;
    private readonly Counter<long> _rediscoveries;
    private readonly Counter<long> _retries;

    public PostgresMetrics(IMeterFactory? meterFactory, Func<TopologySnapshot?> topology)
    {
        Meter meter;
        if (meterFactory is null)
        {
            _ownedMeter = new Meter(DifyDataTelemetry.SourceName);
            meter = _ownedMeter;
        }
        else
        {
            meter = meterFactory.Create(DifyDataTelemetry.SourceName);
        }

        _decisions = meter.CreateCounter<long>(PostgresTelemetry.RoutingDecisions, "{decision}", "Routing decisions by intent, target and reason.");
        _failovers = meter.CreateCounter<long>(PostgresTelemetry.Failovers, "{failover}", "Primary changes seen.");
        _rediscoveries = meter.CreateCounter<long>(PostgresTelemetry.Rediscoveries, "{rediscovery}", "Re-discoveries of the primary forced by failover-class errors.");
        _retries = meter.CreateCounter<long>(PostgresTelemetry.Retries, "{retry}", "Attempts repeated after failover-class errors.");
        meter.CreateObservableGauge(PostgresTelemetry.ReplicaLag, () => Observe(topology(), s => s.Lag?.TotalSeconds), "s", "Estimated replay lag per standby.");
        meter.CreateObservableGauge(PostgresTelemetry.ReplicaLagBytes, () => Observe(topology(), s => s.LagBytes is { } b ? b : null), "By", "WAL bytes a standby has still to replay.");
    }

    public void Decision(DbIntent intent, RouteDecision decision) =>
        _decisions.Add(
            1,
            new KeyValuePair<string, object?>(PostgresTelemetry.IntentTag, IntentName(intent)),
            new KeyValuePair<string, object?>(PostgresTelemetry.TargetTag, TargetName(decision.Target)),
            new KeyValuePair<string, object?>(PostgresTelemetry.ReasonTag, ReasonName(decision.Reason)));

    public void Failover() => _failovers.Add(1);

    public void Rediscovery(bool primaryFound) =>
        _rediscoveries.Add(1, new KeyValuePair<string, object?>(PostgresTelemetry.OutcomeTag, primaryFound ? "primary_found" : "no_primary"));

    public void Retry(DbIntent intent, PostgresFailureKind kind) =>
        _retries.Add(
            1,
            new KeyValuePair<string, object?>(PostgresTelemetry.IntentTag, IntentName(intent)),
            new KeyValuePair<string, object?>(PostgresTelemetry.ReasonTag, KindName(kind)));

    public void Dispose() => _ownedMeter?.Dispose();

    private static IEnumerable<Measurement<double>> Observe(TopologySnapshot? topology, Func<HostSample, double?> value)
    {
        if (topology is null) yield break;
        for (var i = 0; i < topology.Samples.Count; i++)
        {
            if (topology.Samples[i].Role == PostgresHostRole.Standby && value(topology.Samples[i]) is { } v)
            {
                yield return new Measurement<double>(v, new KeyValuePair<string, object?>(PostgresTelemetry.HostTag, topology.Endpoints[i].Name));
            }
        }
    }

    internal static string IntentName(DbIntent intent) => intent switch
    {
        DbIntent.Write => "write",
        DbIntent.ReadPrimary => "read_primary",
        _ => "read",
    };

    internal static string TargetName(RouteTarget target) => target switch
    {
        RouteTarget.Primary => "primary",
        RouteTarget.Standby => "standby",
        _ => "none",
    };

    internal static string ReasonName(RouteReason reason) => reason switch
    {
        RouteReason.Write => "write",
        RouteReason.ReadPrimary => "read_primary",
        RouteReason.StandbyFresh => "standby_fresh",
        RouteReason.StandbyWaitForReplay => "standby_wait_for_replay",
        RouteReason.StandbysDisabled => "standbys_disabled",
        RouteReason.PinnedToPrimary => "pinned_to_primary",
        RouteReason.NoStandby => "no_standby",
        RouteReason.StandbyStale => "standby_stale",
        RouteReason.StandbyLagging => "standby_lagging",
        RouteReason.TokenNotReplayed => "token_not_replayed",
        _ => "no_primary",
    };

    internal static string KindName(PostgresFailureKind kind) => kind switch
    {
        PostgresFailureKind.Connection => "connection",
        PostgresFailureKind.ServerShutdown => "server_shutdown",
        PostgresFailureKind.InsufficientResources => "insufficient_resources",
        PostgresFailureKind.ReadOnly => "read_only",
        _ => "none",
    };
}
