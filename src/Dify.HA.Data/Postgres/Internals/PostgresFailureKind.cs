namespace Dify.HA.Data.Postgres.Internals;

/// <summary>How an error bears on routing: only the failover classes make a host's role unknown and trigger re-discovery.</summary>
internal enum PostgresFailureKind
{
    /// <summary>Not a failover-class error (a SQL error, a constraint, a cancellation…): surfaced as is, never retried.</summary>
    None = 0,

    /// <summary>SQLSTATE class 08, an I/O or socket error, a connect timeout, or no suitable host: the host is gone or unreachable.</summary>
    Connection,

    /// <summary>57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now (starting, stopping, in recovery).</summary>
    ServerShutdown,

    /// <summary>SQLSTATE class 53 (too many connections, out of memory, disk full).</summary>
    InsufficientResources,

    /// <summary>25006 read_only_sql_transaction: a write reached a node that is (now) a standby — a demoted primary.</summary>
    ReadOnly,
}
