using StackExchange.Redis;

namespace Dify.HA.Data.Redis.Internals;

/// <summary>
/// <c>WAIT n timeout</c> on the connection that carried a write (the key's master), so that a write is on
/// the asked number of replicas before it is acknowledged to the caller. One place for the idempotency marks and
/// the task queue: they differ only in the exception they raise when too few replicas answer.
/// </summary>
internal static class RedisReplicaAcknowledgement
{
    /// <summary>Returns how many replicas acknowledged; 0 replicas asked returns at once without a command.</summary>
    public static async Task<long> WaitAsync(IDatabase db, RedisKey key, int replicas, TimeSpan timeout)
    {
        if (replicas <= 0) return 0;
        var timeoutMs = (long)Math.Ceiling(timeout.TotalMilliseconds);
        // WAIT must run on the master that took the write: another connection would count another node's replicas.
        var server = db.Multiplexer.GetServer(key);
        return (long)await server.ExecuteAsync("WAIT", replicas, timeoutMs).ConfigureAwait(false);
    }
}
