using Microsoft.Extensions.Logging;

namespace Dify.HA.Data.Postgres.Internals;

/// <summary>The router's log messages (source-generated). Hosts are named <c>host:port</c>; connection strings never appear.</summary>
internal static partial class PostgresLog
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Information, Message = "PostgreSQL primary is now {Endpoint} (was {Previous})")]
    public static partial void PrimaryChanged(ILogger logger, string endpoint, string previous);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "PostgreSQL host {Endpoint} failed with a failover-class error ({Kind}); its role is unknown until re-discovered")]
    public static partial void HostFailed(ILogger logger, string endpoint, string kind, Exception exception);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "No writable PostgreSQL primary found (round {Round}): {Reason}")]
    public static partial void NoPrimary(ILogger logger, int round, string reason);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Debug, Message = "Probe of PostgreSQL host {Endpoint} failed")]
    public static partial void ProbeFailed(ILogger logger, string endpoint, Exception exception);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Warning, Message = "PostgreSQL host {Endpoint} reports itself primary but Patroni does not call it the leader: writes to it are refused")]
    public static partial void NotPatroniLeader(ILogger logger, string endpoint);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Error, Message = "Several PostgreSQL hosts report themselves primary ({Endpoints}): writes are refused until one remains (split brain)")]
    public static partial void SplitBrain(ILogger logger, string endpoints);

    [LoggerMessage(EventId = 4106, Level = LogLevel.Warning, Message = "Retrying {Intent} work (attempt {Attempt}) after a failover-class error ({Kind})")]
    public static partial void Retrying(ILogger logger, string intent, int attempt, string kind);

    [LoggerMessage(EventId = 4107, Level = LogLevel.Warning, Message = "The connection to {Endpoint} failed during COMMIT: outcome unknown")]
    public static partial void CommitOutcomeUnknown(ILogger logger, string endpoint, Exception exception);

    [LoggerMessage(EventId = 4108, Level = LogLevel.Warning, Message = "Could not read pg_current_wal_lsn() after a commit on {Endpoint}; the session reads from the primary from now on")]
    public static partial void LsnCaptureFailed(ILogger logger, string endpoint, Exception exception);

    [LoggerMessage(EventId = 4109, Level = LogLevel.Error, Message = "The PostgreSQL monitor round failed unexpectedly")]
    public static partial void MonitorFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4110, Level = LogLevel.Information, Message = "PostgreSQL routing started over {Hosts}")]
    public static partial void Started(ILogger logger, string hosts);
}
