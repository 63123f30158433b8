using Npgsql;
using NpgsqlTypes;

namespace Dify.HA.Data.Postgres.Internals;

/// <summary>
/// Probes hosts over a dedicated, tiny pool per host (at most 2 connections), so that probes neither wait behind an
/// exhausted application pool nor add a TCP + authentication handshake to every sample.
/// </summary>
internal sealed class NpgsqlHostProber : IHostProber, IAsyncDisposable
{
    // One round trip gives both the role and the position that matters for it.
    private const string ProbeSql =
        "SELECT pg_is_in_recovery(), CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END";

    private readonly NpgsqlDataSource[] _sources;

    public NpgsqlHostProber(NpgsqlDataSource[] sources) => _sources = sources;

    public async ValueTask<HostProbeResult> ProbeAsync(int hostIndex, CancellationToken cancellationToken)
    {
        var connection = await _sources[hostIndex].OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = new NpgsqlCommand(ProbeSql, connection);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                var inRecovery = reader.GetBoolean(0);
                NpgsqlLogSequenceNumber? lsn = reader.IsDBNull(1) ? null : reader.GetFieldValue<NpgsqlLogSequenceNumber>(1);
                return new HostProbeResult(inRecovery, lsn);
            }
        }
    }

    public void Reset(int hostIndex) => _sources[hostIndex].Clear();

    public async ValueTask DisposeAsync()
    {
        foreach (var source in _sources)
        {
            await source.DisposeAsync().ConfigureAwait(false);
        }
    }
}
