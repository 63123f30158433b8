using System.Diagnostics.Metrics;
using Dify.HA.Data.Redis;
using Dify.HA.Data.Redis.Internals;
using Dify.HA.Data.Telemetry;
using StackExchange.Redis;

namespace Dify.HA.Data.Idempotency.Internals;

/// <summary>
/// The Redis backend: one hash per key (<c>s</c> state p/c, <c>o</c> owner token, <c>r</c> result) whose expiry is the
/// lease, then the result's lifetime. Each operation is one Lua script, so it is atomic; all three are safe to repeat
/// with the same owner token, which is why they run as <see cref="RedisCommandSafety.IdempotentWrite"/> and survive a
/// failover by retrying. With <see cref="RedisIdempotencyStoreOptions.WaitForReplicas"/> each mark is followed by
/// <c>WAIT</c> on the same connection.
/// </summary>
internal sealed class RedisIdempotencyStore : IIdempotencyStore
{
    // Returns {0, ttl} Started (also when this owner already holds it: a retry of our own begin), {1, pttl} InProgress,
    // {2, result} Completed.
    private const string BeginScript = """
        local s = redis.call('HGET', KEYS[1], 's')
        if not s then
          redis.call('HSET', KEYS[1], 's', 'p', 'o', ARGV[1])
          redis.call('PEXPIRE', KEYS[1], ARGV[2])
          return {0, tonumber(ARGV[2])}
        end
        if s == 'c' then
          return {2, redis.call('HGET', KEYS[1], 'r')}
        end
        if redis.call('HGET', KEYS[1], 'o') == ARGV[1] then
          return {0, redis.call('PTTL', KEYS[1])}
        end
        return {1, redis.call('PTTL', KEYS[1])}
        """;

    // 1 when stored (or already completed by this owner), 0 when the lease is not this owner's any more.
    private const string CompleteScript = """
        local s = redis.call('HGET', KEYS[1], 's')
        if not s then return 0 end
        if redis.call('HGET', KEYS[1], 'o') ~= ARGV[1] then return 0 end
        if s == 'p' then
          redis.call('HSET', KEYS[1], 's', 'c', 'r', ARGV[2])
          redis.call('PEXPIRE', KEYS[1], ARGV[3])
        end
        return 1
        """;

    private const string AbandonScript = """
        if redis.call('HGET', KEYS[1], 's') == 'p' and redis.call('HGET', KEYS[1], 'o') == ARGV[1] then
          redis.call('DEL', KEYS[1])
          return 1
        end
        return 0
        """;

    private const string Backend = "redis";

    private readonly IRedisConnectionProvider _provider;
    private readonly RedisIdempotencyStoreOptions _options;
    private readonly Counter<long> _begins;

    public RedisIdempotencyStore(IRedisConnectionProvider provider, RedisIdempotencyStoreOptions options, IMeterFactory? meterFactory = null, string section = RedisIdempotencyStoreOptions.SectionName)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(section);
        _provider = provider;
        _options = options;
        _begins = RedisMetrics.CreateIdempotencyCounter(meterFactory);
    }

    public async ValueTask<IdempotencyBeginResult> TryBeginAsync(string key, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        IdempotencyKeys.Check(key);
        IdempotencyKeys.CheckPositive(lease, nameof(lease));
        var owner = IdempotencyKeys.NewOwnerToken();
        RedisKey redisKey = _options.KeyPrefix + key;
        var leaseMs = (long)Math.Ceiling(lease.TotalMilliseconds);
        RedisResult reply;
        try
        {
            reply = await _provider.ExecuteAsync(
                RedisCommandSafety.IdempotentWrite,
                async db =>
                {
                    var r = await db.ScriptEvaluateAsync(BeginScript, [redisKey], [owner, leaseMs]).ConfigureAwait(false);
                    if ((long)r[0] == 0) await WaitForReplicasAsync(db, redisKey).ConfigureAwait(false);
                    return r;
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (IdempotencyReplicationException)
        {
            // The caller will not get this lease: release it so that a retry need not wait for it to expire.
            await TryReleaseAsync(new IdempotencyLease(key, owner)).ConfigureAwait(false);
            throw;
        }

        IdempotencyBeginResult result;
        switch ((long)reply[0])
        {
            case 0:
                result = IdempotencyBeginResult.Started(new IdempotencyLease(key, owner));
                break;
            case 2:
                result = IdempotencyBeginResult.Completed((byte[]?)reply[1] ?? []);
                break;
            default:
                var pttl = (long)reply[1];
                result = IdempotencyBeginResult.InProgress(pttl >= 0 ? TimeSpan.FromMilliseconds(pttl) : null);
                break;
        }

        RedisMetrics.IdempotencyBegin(_begins, Backend, Outcome(result.Status));
        return result;
    }

    public async ValueTask<bool> CompleteAsync(IdempotencyLease lease, ReadOnlyMemory<byte> result, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        IdempotencyKeys.Check(lease);
        IdempotencyKeys.CheckPositive(ttl, nameof(ttl));
        RedisKey redisKey = _options.KeyPrefix + lease.Key;
        RedisValue value = result;
        var ttlMs = (long)Math.Ceiling(ttl.TotalMilliseconds);
        return await _provider.ExecuteAsync(
            RedisCommandSafety.IdempotentWrite,
            async db =>
            {
                var stored = (long)await db.ScriptEvaluateAsync(CompleteScript, [redisKey], [lease.OwnerToken, value, ttlMs]).ConfigureAwait(false) == 1;
                if (stored) await WaitForReplicasAsync(db, redisKey).ConfigureAwait(false);
                return stored;
            },
            cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<bool> AbandonAsync(IdempotencyLease lease, CancellationToken cancellationToken = default)
    {
        IdempotencyKeys.Check(lease);
        RedisKey redisKey = _options.KeyPrefix + lease.Key;
        return await _provider.ExecuteAsync(
            RedisCommandSafety.IdempotentWrite,
            async db => (long)await db.ScriptEvaluateAsync(AbandonScript, [redisKey], [lease.OwnerToken]).ConfigureAwait(false) == 1,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// WAIT on the connection that carried the write (the key's master), so that the mark is on a replica before it is
    /// acknowledged to the caller. Too few acknowledgements throw; the operation is safe to repeat.
    /// </summary>
    private async Task WaitForReplicasAsync(IDatabase db, RedisKey key)
    {
        if (_options.WaitForReplicas <= 0) return;
        var acknowledged = await RedisReplicaAcknowledgement.WaitAsync(db, key, _options.WaitForReplicas, _options.WaitTimeout).ConfigureAwait(false);
        if (acknowledged < _options.WaitForReplicas)
        {
            throw new IdempotencyReplicationException(
                $"{acknowledged} of {_options.WaitForReplicas} replicas acknowledged the idempotency mark within {_options.WaitTimeout}.")
            {
                Acknowledged = acknowledged,
                Required = _options.WaitForReplicas,
            };
        }
    }

    private async Task TryReleaseAsync(IdempotencyLease lease)
    {
        try
        {
            await AbandonAsync(lease, CancellationToken.None).ConfigureAwait(false);
        }
        catch (RedisException)
        {
            // It expires with its lease.
        }
    }

    internal static string Outcome(IdempotencyStatus status) => status switch
    {
        IdempotencyStatus.Started => "started",
        IdempotencyStatus.Completed => "completed",
        _ => "in_progress",
    };
}
