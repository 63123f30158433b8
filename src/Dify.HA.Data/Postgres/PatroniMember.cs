namespace Dify.HA.Data.Postgres;

/// <summary>
/// One PostgreSQL host and the Patroni REST API that manages it (a list item rather than a map, because a
/// <c>host:port</c> key cannot be a configuration key: the colon is the path separator).
/// </summary>
public sealed class PatroniMember
{
    /// <summary>The host as it appears in <see cref="PostgresRoutingOptions.ConnectionString"/>, <c>host:port</c> (port as listed, or the connection string's <c>Port</c>). Required.</summary>
    public string? Host { get; set; }

    /// <summary>The Patroni REST API base URL of that host, e.g. <c>http://pg-a:8008</c>. Required.</summary>
    public string? Url { get; set; }
}
