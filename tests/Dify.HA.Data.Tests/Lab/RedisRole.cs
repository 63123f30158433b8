namespace Dify.HA.Data.Tests.Lab;

/// <summary>What a Redis node is right now (its <c>ROLE</c>).</summary>
public enum RedisRole
{
    /// <summary>Not running, or not answering.</summary>
    Down,

    /// <summary>Master.</summary>
    Master,

    /// <summary>Replica.</summary>
    Replica,
}
