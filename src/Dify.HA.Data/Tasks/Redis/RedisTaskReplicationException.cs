namespace Dify.HA.Data.Tasks.Redis;

/// <summary>
/// Fewer replicas than <see cref="RedisTaskStoreOptions.WaitForReplicas"/> acknowledged an enqueue in time. The task
/// is stored on the master but may be lost if the master dies now; enqueuing the same envelope again is safe (it
/// returns the same id).
/// </summary>
public sealed class RedisTaskReplicationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RedisTaskReplicationException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public RedisTaskReplicationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public RedisTaskReplicationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Replicas that acknowledged.</summary>
    public long Acknowledged { get; init; }

    /// <summary>Replicas required.</summary>
    public int Required { get; init; }
}
