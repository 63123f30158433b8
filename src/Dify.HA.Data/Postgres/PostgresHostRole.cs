namespace Dify.HA.Data.Postgres;

/// <summary>The role of one PostgreSQL host as last discovered (never declared in configuration).</summary>
public enum PostgresHostRole
{
    /// <summary>Not probed yet, or marked unknown after a failover-class error until the next probe.</summary>
    Unknown = 0,

    /// <summary>Accepts writes (<c>pg_is_in_recovery()</c> is false).</summary>
    Primary = 1,

    /// <summary>A hot standby replaying WAL (<c>pg_is_in_recovery()</c> is true).</summary>
    Standby = 2,

    /// <summary>The last probe could not connect or query within <see cref="PostgresRoutingOptions.ProbeTimeout"/>.</summary>
    Unreachable = 3,
}
