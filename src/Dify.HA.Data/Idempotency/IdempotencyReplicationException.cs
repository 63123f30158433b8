namespace Dify.HA.Data.Idempotency;

/// <summary>
/// A Redis idempotency mark was written to the master but fewer replicas than
/// <see cref="RedisIdempotencyStoreOptions.WaitForReplicas"/> acknowledged it within
/// <see cref="RedisIdempotencyStoreOptions.WaitTimeout"/>: a failover now could lose it. The operation is safe to repeat.
/// </summary>
public sealed class IdempotencyReplicationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public IdempotencyReplicationException()
        : base("Too few replicas acknowledged the idempotency mark.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public IdempotencyReplicationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public IdempotencyReplicationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Replicas that acknowledged.</summary>
    public long Acknowledged { get; init; }

    /// <summary>Replicas required.</summary>
    public int Required { get; init; }
}
