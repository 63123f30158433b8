using NpgsqlTypes;

namespace Dify.HA.Data.Postgres.Internals;

/// <summary>One host's answer to a probe.</summary>
/// <param name="InRecovery"><c>pg_is_in_recovery()</c>: true on a standby.</param>
/// <param name="WalLsn">Primary: <c>pg_current_wal_lsn()</c>; standby: <c>pg_last_wal_replay_lsn()</c> (null before any replay).</param>
internal readonly record struct HostProbeResult(bool InRecovery, NpgsqlLogSequenceNumber? WalLsn);
