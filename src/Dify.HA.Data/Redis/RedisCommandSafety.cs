namespace Dify.HA.Data.Redis;

/// <summary>
/// What the caller of <see cref="IRedisConnectionProvider.ExecuteAsync{T}(RedisCommandSafety, Func{StackExchange.Redis.IDatabase, Task{T}}, CancellationToken)"/>
/// promises about running its command a second time. Only safe commands are retried after a failover; an unsafe one
/// still triggers the reconfigure (so the next command goes to the new master) but its error reaches the caller.
/// </summary>
public enum RedisCommandSafety
{
    /// <summary>
    /// A write that must not run twice (INCR, LPUSH, a non-idempotent script): never retried, because a timeout or a
    /// dropped connection does not say whether the server executed it.
    /// </summary>
    Unsafe = 0,

    /// <summary>A read: running it again changes nothing, so it is retried.</summary>
    Read = 1,

    /// <summary>
    /// A write whose repetition has the same effect as one run (SET of a fixed value, a script guarded by an
    /// idempotency key or owner token): retried.
    /// </summary>
    IdempotentWrite = 2,
}
