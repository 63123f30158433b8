namespace Dify.HA.Data.Postgres;

/// <summary>What a caller is about to do with a connection; the routing decision follows from it.</summary>
public enum DbIntent
{
    /// <summary>Reads that tolerate data up to <see cref="PostgresRoutingOptions.MaxReplicaLag"/> old (or newer than a
    /// read-your-writes token when one is given): served by a standby when one qualifies, else by the primary.</summary>
    Read = 0,

    /// <summary>Writes (and anything in a read-write transaction): always the current primary.</summary>
    Write = 1,

    /// <summary>Reads that must see every committed write (strong consistency): always the primary, but retried like a read.</summary>
    ReadPrimary = 2,
}
