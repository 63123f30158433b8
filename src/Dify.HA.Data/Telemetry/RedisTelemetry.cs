namespace Dify.HA.Data.Telemetry;

/// <summary>
/// Names of the Redis provider's metrics (on the <see cref="DifyDataTelemetry.SourceName"/> Meter), their tags, and
/// the idempotency store's, in one place.
/// </summary>
public static class RedisTelemetry
{
    /// <summary>Counter: master switches seen (a node became the writable master). Tag <see cref="ModeTag"/>.</summary>
    public const string FailoversSeen = "dify.ha.redis.failovers";

    /// <summary>Counter: physical connections re-established after a failure. Tag <see cref="ModeTag"/>.</summary>
    public const string Reconnects = "dify.ha.redis.reconnects";

    /// <summary>Counter: topology re-reads the provider forced after a failover error (one per burst, shared by callers).</summary>
    public const string Reconfigures = "dify.ha.redis.reconfigures";

    /// <summary>Counter: commands run again after a failover error. Tag <see cref="ReasonTag"/>.</summary>
    public const string CommandRetries = "dify.ha.redis.command.retries";

    /// <summary>Histogram (seconds): time without a writable master, from the first failed write to the first successful one.</summary>
    public const string WritableMasterUnavailable = "dify.ha.redis.writable_master.unavailable";

    /// <summary>Counter: idempotency <c>TryBegin</c> outcomes. Tags <see cref="OutcomeTag"/> and <see cref="BackendTag"/>.</summary>
    public const string IdempotencyBegins = "dify.ha.idempotency.begins";

    /// <summary>Tag: the connection mode (<c>standalone</c>, <c>sentinel</c>, <c>cluster</c>).</summary>
    public const string ModeTag = "redis.mode";

    /// <summary>Tag: why a command was retried (<c>readonly</c>, <c>connection</c>, <c>timeout</c>, <c>masterdown</c>, <c>clusterdown</c>, <c>loading</c>, <c>tryagain</c>).</summary>
    public const string ReasonTag = "reason";

    /// <summary>Tag: an idempotency outcome (<c>started</c>, <c>in_progress</c>, <c>completed</c>).</summary>
    public const string OutcomeTag = "outcome";

    /// <summary>Tag: the idempotency backend (<c>redis</c>, <c>postgres</c>).</summary>
    public const string BackendTag = "backend";
}
