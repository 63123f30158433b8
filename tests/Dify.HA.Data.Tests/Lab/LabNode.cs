namespace Dify.HA.Data.Tests.Lab;

/// <summary>The two PostgreSQL nodes (<c>pg-a</c>, <c>pg-b</c>) or the two Redis data nodes (<c>redis-a</c>, <c>redis-b</c>).
/// A starts as primary/master, B as standby/replica; after a failover the roles are swapped.</summary>
public enum LabNode
{
    /// <summary>Node A.</summary>
    A,

    /// <summary>Node B.</summary>
    B,
}
