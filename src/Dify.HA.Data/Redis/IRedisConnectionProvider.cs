using StackExchange.Redis;

namespace Dify.HA.Data.Redis;

/// <summary>
/// Owns the application's one <see cref="IConnectionMultiplexer"/> to a standalone, Sentinel-managed or clustered Redis,
/// follows master switches, and runs commands so that a failover costs a retry rather than an error: on
/// <c>READONLY</c>, a connection to a node that is no longer master, or a dropped connection, it forces one
/// reconfigure shared by all callers and retries the commands marked safe.
/// </summary>
public interface IRedisConnectionProvider
{
    /// <summary>Raised when a master switch is seen (Sentinel failover, Cluster replica promotion, manual <c>REPLICAOF</c>).</summary>
    event EventHandler<RedisMasterChangedEventArgs>? MasterChanged;

    /// <summary>Raised when writes succeed again after a period without a writable master.</summary>
    event EventHandler<RedisWritableMasterRestoredEventArgs>? WritableMasterRestored;

    /// <summary>The options the provider was built from.</summary>
    RedisConnectionOptions Options { get; }

    /// <summary>
    /// The connection, established on first use (at start-up when registered with <c>AddDifyRedis</c>). Do not
    /// dispose it: the provider owns it for the application's lifetime.
    /// </summary>
    /// <param name="cancellationToken">Cancels the wait (not a connection attempt shared with other callers).</param>
    /// <returns>The connected multiplexer.</returns>
    ValueTask<IConnectionMultiplexer> GetConnectionAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs <paramref name="command"/> against the configured database. On a failover error (<c>READONLY</c>,
    /// <c>MASTERDOWN</c>, <c>CLUSTERDOWN</c>, <c>LOADING</c>, a dropped or missing connection, a timeout) it asks for one shared
    /// reconfigure and, when <paramref name="safety"/> allows, runs the command again with backoff until
    /// <see cref="RedisConnectionOptions.RetryTimeout"/>; other errors reach the caller at once.
    /// </summary>
    /// <typeparam name="T">The command's result.</typeparam>
    /// <param name="safety">Whether the command may run twice.</param>
    /// <param name="command">The command; it may be called more than once when <paramref name="safety"/> is not <see cref="RedisCommandSafety.Unsafe"/>.</param>
    /// <param name="cancellationToken">Stops waiting between retries.</param>
    /// <returns>The command's result.</returns>
    Task<T> ExecuteAsync<T>(RedisCommandSafety safety, Func<IDatabase, Task<T>> command, CancellationToken cancellationToken = default);

    /// <summary>As <see cref="ExecuteAsync{T}(RedisCommandSafety, Func{IDatabase, Task{T}}, CancellationToken)"/>, for a command without a result.</summary>
    /// <param name="safety">Whether the command may run twice.</param>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Stops waiting between retries.</param>
    /// <returns>A task that completes when the command has succeeded.</returns>
    Task ExecuteAsync(RedisCommandSafety safety, Func<IDatabase, Task> command, CancellationToken cancellationToken = default);
}
