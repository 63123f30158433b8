namespace Dify.HA.Data.Telemetry;

/// <summary>
/// Names of the PostgreSQL router's metrics (on the <see cref="DifyDataTelemetry.SourceName"/> Meter) and their tags,
/// in one place. Npgsql's own spans come from its ActivitySource <c>Npgsql</c> (see docs/postgres-routing.md).
/// </summary>
public static class PostgresTelemetry
{
    /// <summary>Counter: routing decisions. Tags <see cref="IntentTag"/>, <see cref="TargetTag"/>, <see cref="ReasonTag"/>.</summary>
    public const string RoutingDecisions = "dify.ha.postgres.routing.decisions";

    /// <summary>Gauge (seconds): a standby's estimated replay lag. Tag <see cref="HostTag"/>.</summary>
    public const string ReplicaLag = "dify.ha.postgres.replica.lag";

    /// <summary>Gauge (bytes): WAL a standby has still to replay behind the primary's last sampled position. Tag <see cref="HostTag"/>.</summary>
    public const string ReplicaLagBytes = "dify.ha.postgres.replica.lag_bytes";

    /// <summary>Counter: primary changes seen (a different host became the writable primary).</summary>
    public const string Failovers = "dify.ha.postgres.failovers";

    /// <summary>Counter: re-discoveries of the primary forced by failover-class errors (one per burst, shared by callers). Tag <see cref="OutcomeTag"/>.</summary>
    public const string Rediscoveries = "dify.ha.postgres.rediscoveries";

    /// <summary>Counter: attempts repeated after a failover-class error. Tags <see cref="IntentTag"/>, <see cref="ReasonTag"/>.</summary>
    public const string Retries = "dify.ha.postgres.retries";

    /// <summary>Tag: the caller's intent (<c>read</c>, <c>write</c>, <c>read_primary</c>).</summary>
    public const string IntentTag = "db.intent";

    /// <summary>Tag: where the decision sent the caller (<c>primary</c>, <c>standby</c>, <c>none</c>).</summary>
    public const string TargetTag = "target";

    /// <summary>Tag: why (routing: <c>write</c>, <c>standby_fresh</c>, <c>standby_lagging</c>, <c>token_not_replayed</c>…; retries: the failure kind).</summary>
    public const string ReasonTag = "reason";

    /// <summary>Tag: a host as <c>host:port</c>.</summary>
    public const string HostTag = "host";

    /// <summary>Tag: a re-discovery's outcome (<c>primary_found</c>, <c>no_primary</c>).</summary>
    public const string OutcomeTag = "outcome";
}
