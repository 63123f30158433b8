using NpgsqlTypes;

namespace Dify.HA.Data.Postgres;

/// <summary>What the background monitor last knew about one host (a snapshot; it does not change after it is read).</summary>
/// <param name="Endpoint">The host as <c>host:port</c> (never a connection string).</param>
/// <param name="Role">The discovered role.</param>
/// <param name="WalLsn">On a primary <c>pg_current_wal_lsn()</c>, on a standby <c>pg_last_wal_replay_lsn()</c>; null when unknown.</param>
/// <param name="Lag">On a standby, how far behind the primary its replay is (zero when caught up); null when unknown.</param>
/// <param name="LagBytes">On a standby, WAL bytes between the primary's write position and the standby's replay position; null when unknown.</param>
/// <param name="ObservedAt">When the host last answered a probe (the data source's <see cref="TimeProvider"/>), or null if never.</param>
/// <param name="LeaderConfirmed">For a primary with a Patroni REST URL configured: whether Patroni calls it the leader; null when not asked.</param>
public sealed record PostgresHostStatus(
    string Endpoint,
    PostgresHostRole Role,
    NpgsqlLogSequenceNumber? WalLsn,
    TimeSpan? Lag,
    long? LagBytes,
    DateTimeOffset? ObservedAt,
    bool? LeaderConfirmed);
