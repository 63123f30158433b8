using NpgsqlTypes;

namespace Dify.HA.Data.Postgres.Internals;

/// <summary>What one probe round learnt about one host (immutable).</summary>
/// <param name="Role">The role found, <see cref="PostgresHostRole.Unreachable"/> when the probe failed.</param>
/// <param name="WalLsn">Primary: <c>pg_current_wal_lsn()</c>; standby: <c>pg_last_wal_replay_lsn()</c>.</param>
/// <param name="Lag">Standby: estimated replay lag (see <see cref="PrimaryLsnHistory"/>); null when unknown.</param>
/// <param name="LagBytes">Standby: WAL bytes behind the primary's last sampled position; null when unknown.</param>
/// <param name="ObservedAt">When the probe answered (or failed).</param>
/// <param name="LastSuccessAt">When this host last answered a probe, or null if never.</param>
/// <param name="LeaderConfirmed">Primary with Patroni configured: whether Patroni calls it the leader; else null.</param>
internal sealed record HostSample(
    PostgresHostRole Role,
    NpgsqlLogSequenceNumber? WalLsn,
    TimeSpan? Lag,
    long? LagBytes,
    DateTimeOffset ObservedAt,
    DateTimeOffset? LastSuccessAt,
    bool? LeaderConfirmed)
{
    public static HostSample Unknown(DateTimeOffset at) => new(PostgresHostRole.Unknown, null, null, null, at, null, null);
}
