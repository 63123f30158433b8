namespace Dify.HA.Data.Redis;

/// <summary>
/// Options of the Redis connection provider, bound from <c>Dify:Redis</c> (<see cref="SectionName"/>) and validated
/// at start-up; every failure message names the configuration key and the fix.
/// </summary>
public sealed class RedisConnectionOptions
{
    /// <summary>The configuration section these options bind from by default: <c>Dify:Redis</c>.</summary>
    public const string SectionName = "Dify:Redis";

    /// <summary>How the deployment is reached. Default <see cref="RedisConnectionMode.Standalone"/>.</summary>
    public RedisConnectionMode Mode { get; set; } = RedisConnectionMode.Standalone;

    /// <summary>
    /// Data nodes as <c>host:port</c> (port defaults to 6379): the server(s) in Standalone mode, seed nodes in
    /// Cluster mode. Must be empty in Sentinel mode (the Sentinels name the nodes). Default empty.
    /// </summary>
    public IList<string> Endpoints { get; } = new List<string>();

    /// <summary>
    /// Sentinel mode: the name of the master the Sentinels monitor (<c>sentinel monitor NAME ...</c>). Required in
    /// Sentinel mode, must be empty otherwise. Default null.
    /// </summary>
    public string? ServiceName { get; set; }

    /// <summary>
    /// Sentinel mode: the Sentinels as <c>host:port</c> (port defaults to 26379). At least one is required; three or
    /// more are recommended, and any of them may be down at start-up. Default empty.
    /// </summary>
    public IList<string> SentinelEndpoints { get; } = new List<string>();

    /// <summary>ACL user of the data nodes, or null for the default user. Default null.</summary>
    public string? User { get; set; }

    /// <summary>Password of the data nodes (<c>requirepass</c>), or null. Never logged. Default null.</summary>
    public string? Password { get; set; }

    /// <summary>ACL user of the Sentinels, or null to use <see cref="User"/>. Default null.</summary>
    public string? SentinelUser { get; set; }

    /// <summary>
    /// Password of the Sentinels (<c>requirepass</c> in sentinel.conf) when it differs from <see cref="Password"/>;
    /// null offers <see cref="Password"/> to the Sentinels too (Sentinels without a password still accept the
    /// connection). Never logged. Default null.
    /// </summary>
    public string? SentinelPassword { get; set; }

    /// <summary>Whether connections (data nodes and Sentinels) use TLS. Default false.</summary>
    public bool UseTls { get; set; }

    /// <summary>TLS: the host name expected in the servers' certificates (SNI), or null to use each endpoint's host. Default null.</summary>
    public string? TlsHost { get; set; }

    /// <summary>
    /// TLS: path of a PEM or DER file of a CA certificate that issued the servers' certificates, for private CAs; null
    /// trusts the machine's store only. Default null.
    /// </summary>
    public string? TlsTrustedIssuerPath { get; set; }

    /// <summary>Database number in Standalone and Sentinel mode, 0 to 15; Cluster mode has only 0. Default 0.</summary>
    public int Database { get; set; }

    /// <summary>Time allowed to establish a connection, 100 ms to 5 minutes. Default 5 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Time one command may take before it fails with a timeout, 100 ms to 5 minutes. Default 5 s.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a command marked safe (<see cref="RedisCommandSafety.Read"/>, <see cref="RedisCommandSafety.IdempotentWrite"/>)
    /// keeps being retried after failover errors, zero (no retry) to 5 minutes. It should cover the Sentinels'
    /// <c>down-after-milliseconds</c> plus the failover itself (about 2 s more). Default 15 s.
    /// </summary>
    public TimeSpan RetryTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>First delay between retries of a safe command, 1 ms to 10 s; it doubles up to <see cref="RetryMaxDelay"/>, with jitter. Default 50 ms.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Largest delay between retries, at least <see cref="RetryBaseDelay"/>, at most 30 s. Default 500 ms.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Shortest time between two forced reconfigures (topology re-reads), zero to 1 minute: callers failing meanwhile
    /// share the next one instead of starting their own. Default 250 ms.
    /// </summary>
    public TimeSpan ReconfigureMinInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The client name shown by <c>CLIENT LIST</c>, or null for the library's default. Default null.</summary>
    public string? ClientName { get; set; }
}
