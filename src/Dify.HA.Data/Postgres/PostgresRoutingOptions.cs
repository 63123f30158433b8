using Dify.HA.Data.Postgres.Internals;
using Npgsql;

namespace Dify.HA.Data.Postgres;

/// <summary>
/// Options of <see cref="PostgresRoutingDataSource"/>, bound from <c>Dify:Postgres</c> (<see cref="SectionName"/>) and
/// validated at start-up; every failure message names the configuration key and the fix. Hosts are listed; their roles
/// are discovered, never declared.
/// </summary>
public sealed class PostgresRoutingOptions
{
    /// <summary>The configuration section these options bind from by default: <c>Dify:Postgres</c>.</summary>
    public const string SectionName = "Dify:Postgres";

    /// <summary>
    /// Npgsql connection string listing every host, in any order, e.g.
    /// <c>Host=pg-a:5432,pg-b:5432;Username=dify;Password=…;Database=dify;Timeout=2</c>. Required. Its <c>Timeout</c>
    /// (connect timeout, seconds, Npgsql default 15) bounds how long a dead host can hold up one open. The password is
    /// never logged nor put in an exception. <c>Target Session Attributes</c> and <c>Load Balance Hosts</c> are ignored
    /// (routing decides). Default null.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// How far behind the primary a standby may be and still serve <see cref="DbIntent.Read"/>, zero (only a standby that
    /// has replayed everything the primary had at the last sample) to 1 hour. Default 1 s.
    /// </summary>
    public TimeSpan MaxReplicaLag { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Whether reads may go to standbys at all; false sends everything to the primary. Default true.</summary>
    public bool RouteReadsToStandbys { get; set; } = true;

    /// <summary>How often the background monitor samples every host's role and WAL position, 50 ms to 1 minute. Default 1 s.</summary>
    public TimeSpan MonitorInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A standby whose last successful sample is older than this is not used for reads (its lag is unknown), at least
    /// <see cref="MonitorInterval"/>, at most 10 minutes. Default 3 s.
    /// </summary>
    public TimeSpan MaxSampleAge { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Time one probe (connect + query of one host by the monitor or a rediscovery) may take, 100 ms to 1 minute. Default 2 s.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Read-your-writes: how long a read carrying an LSN token may wait on a standby for replay to pass the token before
    /// it goes to the primary instead, zero (go to the primary at once) to 1 minute. Default zero.
    /// </summary>
    public TimeSpan ReadYourWritesWait { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// How long a caller waits for a writable primary to appear after a failover-class error (re-discovery plus retries)
    /// before <see cref="PostgresPrimaryUnavailableException"/>, 100 ms to 10 minutes. Default 30 s.
    /// </summary>
    public TimeSpan FailoverTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Pause between two discovery rounds while no primary is found, 10 ms to 1 minute. Default 200 ms.</summary>
    public TimeSpan RediscoveryInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Largest number of attempts <see cref="PostgresRoutingDataSource.ExecuteAsync{T}(DbIntent, Func{PostgresWorkContext, CancellationToken, Task{T}}, bool, CancellationToken)"/>
    /// makes of one retryable unit of work (reads, or writes declared idempotent), 1 (no retry) to 100. Default 6.
    /// </summary>
    public int MaxAttempts { get; set; } = 6;

    /// <summary>First delay between two attempts, 1 ms to 10 s; it doubles up to <see cref="RetryMaxDelay"/>, with jitter. Default 50 ms.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Largest delay between two attempts, at least <see cref="RetryBaseDelay"/>, at most 30 s. Default 1 s.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Optional Patroni awareness (split-brain guard): the Patroni REST API of each host, e.g.
    /// <c>Dify:Postgres:Patroni:0:Host=pg-a:5432</c>, <c>Dify:Postgres:Patroni:0:Url=http://pg-a:8008</c>. A host that
    /// reports itself primary is refused writes unless its Patroni answers <c>GET /primary</c> with 200. Hosts without an
    /// entry are not guarded. Default empty.
    /// </summary>
    public IList<PatroniMember> Patroni { get; } = new List<PatroniMember>();

    /// <summary>Time one Patroni REST call may take, 100 ms to 30 s; a call that fails counts as "not the leader". Default 1 s.</summary>
    public TimeSpan PatroniTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Code-only hook run on every <see cref="NpgsqlDataSourceBuilder"/> the router builds (type mappings, logging,
    /// <c>ConfigureTracing</c>, password providers…). It must not change hosts or ports. Default null.
    /// </summary>
    public Action<NpgsqlDataSourceBuilder>? ConfigureDataSource { get; set; }

    /// <summary>The options as text for diagnostics, with the connection string's password replaced by <c>***</c>.</summary>
    /// <returns>A one-line description that is safe to log.</returns>
    public override string ToString() =>
        $"ConnectionString='{ConnectionStringRedactor.Redact(ConnectionString)}', MaxReplicaLag={MaxReplicaLag}, MonitorInterval={MonitorInterval}, " +
        $"ReadYourWritesWait={ReadYourWritesWait}, FailoverTimeout={FailoverTimeout}, RouteReadsToStandbys={RouteReadsToStandbys}, Patroni={Patroni.Count} host(s)";
}
