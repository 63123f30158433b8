namespace Dify.HA.Data.Redis;

/// <summary>How the Redis deployment is reached.</summary>
public enum RedisConnectionMode
{
    /// <summary>One server, or a fixed list of servers of which one is the master (<c>Dify:Redis:Endpoints</c>).</summary>
    Standalone = 0,

    /// <summary>
    /// A master and replicas watched by Redis Sentinel: the master is asked of the Sentinels
    /// (<c>Dify:Redis:SentinelEndpoints</c>) under <c>Dify:Redis:ServiceName</c> and followed across failovers.
    /// This is how Dify's high-availability guide runs Redis.
    /// </summary>
    Sentinel = 1,

    /// <summary>A Redis Cluster; <c>Dify:Redis:Endpoints</c> are seed nodes, the slot map is learned from them.</summary>
    Cluster = 2,
}
