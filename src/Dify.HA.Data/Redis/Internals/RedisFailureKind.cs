namespace Dify.HA.Data.Redis.Internals;

/// <summary>What a command's exception says about the deployment.</summary>
internal enum RedisFailureKind
{
    /// <summary>Not a failover symptom (a wrong type, a script error, a bad argument): never retried.</summary>
    None = 0,

    /// <summary>READONLY: the node we wrote to is a replica now (a demoted master).</summary>
    ReadOnly,

    /// <summary>No connection, or it dropped.</summary>
    Connection,

    /// <summary>No answer in time: the node may be gone (for writes, the command may or may not have run).</summary>
    Timeout,

    /// <summary>MASTERDOWN: a replica lost its master.</summary>
    MasterDown,

    /// <summary>CLUSTERDOWN: a slot has no master (a Cluster failover in progress).</summary>
    ClusterDown,

    /// <summary>LOADING: the node is loading its data set after a restart.</summary>
    Loading,

    /// <summary>TRYAGAIN: a multi-key command during a slot migration.</summary>
    TryAgain,
}
