using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Dify.HA.Data.Redis;
using Dify.HA.Data.Redis.Internals;
using Dify.HA.Data.Tasks.Internals;
using Dify.HA.Data.Tasks.Redis.Internals;
using StackExchange.Redis;

namespace Dify.HA.Data.Tasks.Redis;

/// <summary>
/// The Redis Streams task backend. Per queue: one stream per priority value in use (read highest first, each with the
/// consumer group <see cref="RedisTaskStoreOptions.ConsumerGroup"/>), a hash per task (payload, attempt count, error
/// history, lease token), a sorted set of leases per priority scored by expiry, a sorted set of delayed tasks, a
/// dead-letter stream and idempotency keys. <c>XREADGROUP</c> hands tasks out, <c>XCLAIM</c> re-delivers expired leases
/// (and renews, by the same consumer), <c>XACK</c> acknowledges (fenced by removing the lease's member of the leases set)
/// and one <c>XTRIM MINID</c> per batch removes the acknowledged entries. Each operation is one Lua script guarded
/// by the task id, an enqueue nonce or the lease token, so the connection provider may retry it across a master
/// failover without doing it twice. Lease expiry and due times are judged on the Redis server's clock. Concurrent
/// enqueues and acknowledgements of one queue are group-committed: one script call carries all that arrived while the
/// previous call was in flight.
/// </summary>
public sealed class RedisTaskStore : ITaskStore
{
    private static readonly RedisValue Empty = string.Empty;
    private readonly IRedisConnectionProvider _provider;
    private readonly RedisTaskStoreOptions _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, QueueState> _queues = new(StringComparer.Ordinal);
    private readonly RedisValue _group;
    private readonly RedisValue _retentionMs;

    /// <summary>Creates the store over a connection provider.</summary>
    /// <param name="provider">The (Sentinel-aware) Redis connection provider.</param>
    /// <param name="options">Options; null for the defaults.</param>
    /// <param name="timeProvider">The clock for the <see cref="TaskLease.LeasedUntil"/> reported to callers; null for the system clock.</param>
    /// <param name="section">The configuration section named in validation messages.</param>
    public RedisTaskStore(IRedisConnectionProvider provider, RedisTaskStoreOptions? options = null, TimeProvider? timeProvider = null, string section = RedisTaskStoreOptions.SectionName)
    {
        ArgumentNullException.ThrowIfNull(provider);
        options ??= new RedisTaskStoreOptions();
        options.Validate(section);
        _provider = provider;
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _group = options.ConsumerGroup;
        _retentionMs = (long)options.IdempotencyKeyRetention.TotalMilliseconds;
    }

    /// <summary>The options in use.</summary>
    public RedisTaskStoreOptions Options => _options;

    /// <inheritdoc />
    public async ValueTask<TaskEnqueueResult> EnqueueAsync(TaskEnvelope task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentException.ThrowIfNullOrEmpty(task.Id);
        cancellationToken.ThrowIfCancellationRequested();

        // Not cancelled once queued: the batch it joins is short, and the task may already be stored.
        return await Queue(task.Queue).Enqueues.SubmitAsync(task).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<TaskLease>> LeaseAsync(string queue, string consumerId, int maxCount, TimeSpan leaseDuration, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        ArgumentException.ThrowIfNullOrEmpty(consumerId);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(leaseDuration, TimeSpan.Zero);
        var keys = Keys(queue);
        RedisKey[] redisKeys = [keys.Levels, keys.Delayed];
        RedisValue[] args = [keys.Base, _group, consumerId, maxCount, LeaseMs(leaseDuration)];

        // Judged before the call, so the caller's idea of the expiry is never later than the server's.
        var leasedUntil = _time.GetUtcNow() + leaseDuration;

        // Retried after a failover error: if a lost reply hid tasks that were leased, they are not lost; they stay
        // leased to this consumer until their lease expires and are then delivered again (at-least-once).
        var reply = await _provider.ExecuteAsync(
            RedisCommandSafety.IdempotentWrite,
            db => db.ScriptEvaluateAsync(RedisTaskScripts.Lease, redisKeys, args),
            cancellationToken).ConfigureAwait(false);
        var items = (RedisResult[])reply!;
        if (items.Length == 0) return [];
        var leases = new TaskLease[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            var item = (RedisResult[])items[i]!;
            var fields = (RedisResult[])item[2]!;
            leases[i] = new TaskLease
            {
                Task = ReadEnvelope(queue, (string)item[0]!, fields),
                Attempt = (int)fields[8],
                ConsumerId = consumerId,
                LeaseToken = (string)item[1]!,
                LeasedUntil = leasedUntil,
                PreviousErrors = ReadErrors((RedisResult[])item[3]!),
            };
        }

        return leases;
    }

    /// <inheritdoc />
    public async ValueTask<bool> RenewAsync(TaskLease lease, TimeSpan leaseDuration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(leaseDuration, TimeSpan.Zero);
        var keys = Keys(lease.Task.Queue);
        RedisKey[] redisKeys = [keys.Task(lease.Task.Id), keys.Stream(lease.Task.Priority), keys.Leases(lease.Task.Priority)];
        RedisValue[] args = [lease.LeaseToken, _group, lease.ConsumerId, lease.Task.Id, LeaseMs(leaseDuration)];
        var reply = await _provider.ExecuteAsync(
            RedisCommandSafety.IdempotentWrite,
            db => db.ScriptEvaluateAsync(RedisTaskScripts.Renew, redisKeys, args),
            cancellationToken).ConfigureAwait(false);
        return (long)reply == 1;
    }

    /// <inheritdoc />
    public async ValueTask CompleteAsync(TaskLease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        cancellationToken.ThrowIfCancellationRequested();

        // Not cancelled once queued: an acknowledgement is short, and a half-cancelled batch would help nobody.
        await Queue(lease.Task.Queue).Completes.SubmitAsync(lease).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask RetryAsync(TaskLease lease, DateTimeOffset notBefore, TaskAttemptError attemptError, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(attemptError);
        var keys = Keys(lease.Task.Queue);
        RedisKey[] redisKeys = [keys.Task(lease.Task.Id), keys.Stream(lease.Task.Priority), keys.Leases(lease.Task.Priority), keys.Delayed, keys.Levels];
        RedisValue[] args =
        [
            lease.LeaseToken, _group, lease.Task.Id, keys.Base, lease.Task.Priority,
            notBefore.ToUnixTimeMilliseconds(), Serialize(attemptError),
        ];
        await _provider.ExecuteAsync(
            RedisCommandSafety.IdempotentWrite,
            db => db.ScriptEvaluateAsync(RedisTaskScripts.Retry, redisKeys, args),
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DeadLetterAsync(TaskLease lease, TaskAttemptError attemptError, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(attemptError);
        var keys = Keys(lease.Task.Queue);
        RedisKey[] redisKeys = [keys.Task(lease.Task.Id), keys.Stream(lease.Task.Priority), keys.Leases(lease.Task.Priority), keys.Dead];
        RedisValue[] args = [lease.LeaseToken, _group, lease.Task.Id, Serialize(attemptError)];
        await _provider.ExecuteAsync(
            RedisCommandSafety.IdempotentWrite,
            db => db.ScriptEvaluateAsync(RedisTaskScripts.DeadLetter, redisKeys, args),
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask ReleaseAsync(TaskLease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var keys = Keys(lease.Task.Queue);
        RedisKey[] redisKeys = [keys.Task(lease.Task.Id), keys.Leases(lease.Task.Priority)];
        RedisValue[] args = [lease.LeaseToken, lease.Task.Id];
        await _provider.ExecuteAsync(
            RedisCommandSafety.IdempotentWrite,
            db => db.ScriptEvaluateAsync(RedisTaskScripts.Release, redisKeys, args),
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<DeadLetteredTask>> ListDeadLettersAsync(string queue, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var keys = Keys(queue);
        RedisKey[] redisKeys = [keys.Dead];
        RedisValue[] args = [keys.Base, limit];
        var reply = await _provider.ExecuteAsync(
            RedisCommandSafety.Read,
            db => db.ScriptEvaluateAsync(RedisTaskScripts.ListDead, redisKeys, args),
            cancellationToken).ConfigureAwait(false);
        var items = (RedisResult[])reply!;
        var result = new DeadLetteredTask[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            var item = (RedisResult[])items[i]!;
            result[i] = new DeadLetteredTask
            {
                Task = ReadEnvelope(queue, (string)item[0]!, (RedisResult[])item[1]!),
                Errors = ReadErrors((RedisResult[])item[2]!),
                DeadLetteredAt = DateTimeOffset.FromUnixTimeMilliseconds((long)item[3]),
            };
        }

        return result;
    }

    /// <inheritdoc />
    public async ValueTask<bool> RedriveAsync(string queue, string taskId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        var keys = Keys(queue);
        RedisKey[] redisKeys = [keys.Task(taskId), keys.Dead, keys.Levels];
        RedisValue[] args = [keys.Base, _group, taskId];

        // A repeat after a lost reply answers false (the task is no longer dead-lettered); the task was re-driven once.
        var reply = await _provider.ExecuteAsync(
            RedisCommandSafety.IdempotentWrite,
            db => db.ScriptEvaluateAsync(RedisTaskScripts.Redrive, redisKeys, args),
            cancellationToken).ConfigureAwait(false);
        return (long)reply == 1;
    }

    /// <inheritdoc />
    public async ValueTask<TaskQueueStats> GetStatsAsync(string queue, CancellationToken cancellationToken)
    {
        var keys = Keys(queue);
        RedisKey[] redisKeys = [keys.Levels, keys.Delayed, keys.Dead];
        RedisValue[] args = [keys.Base, _group];
        var reply = await _provider.ExecuteAsync(
            RedisCommandSafety.Read,
            db => db.ScriptEvaluateAsync(RedisTaskScripts.Stats, redisKeys, args),
            cancellationToken).ConfigureAwait(false);
        var r = (RedisResult[])reply!;
        long ready = (long)r[0], leased = (long)r[1], delayed = (long)r[2], oldest = (long)r[4];
        return new TaskQueueStats
        {
            Depth = ready + leased + delayed,
            Leased = leased,
            Delayed = delayed,
            DeadLettered = (long)r[3],
            OldestReadyAge = oldest >= 0 ? TimeSpan.FromMilliseconds(oldest) : null,
        };
    }

    internal RedisTaskKeys Keys(string queue) => Queue(queue).Keys;

    private QueueState Queue(string queue)
    {
        ArgumentException.ThrowIfNullOrEmpty(queue);
        return _queues.TryGetValue(queue, out var state) ? state : _queues.GetOrAdd(queue, static (q, store) => new QueueState(store, q), this);
    }

    private async Task<TaskEnqueueResult[]> SendEnqueuesAsync(RedisTaskKeys keys, List<TaskEnvelope> tasks)
    {
        var redisKeys = new RedisKey[2 + (tasks.Count * 3)];
        var args = new RedisValue[2 + (tasks.Count * 11)];
        redisKeys[0] = keys.Levels;
        redisKeys[1] = keys.Delayed;
        args[0] = keys.Base;
        args[1] = _group;
        for (var i = 0; i < tasks.Count; i++)
        {
            var task = tasks[i];
            var hash = keys.Task(task.Id);
            redisKeys[2 + (i * 3)] = hash;
            redisKeys[3 + (i * 3)] = task.IdempotencyKey is { Length: > 0 } ik ? keys.Idempotency(ik) : hash;
            redisKeys[4 + (i * 3)] = keys.Stream(task.Priority);
            var a = 2 + (i * 11);
            args[a] = task.Id;
            args[a + 1] = Guid.NewGuid().ToString("N");
            args[a + 2] = task.Priority;
            args[a + 3] = task.Payload;
            args[a + 4] = task.EnqueuedAt.UtcTicks;
            args[a + 5] = task.NotBefore is { } nb ? nb.ToUnixTimeMilliseconds() : Empty;
            args[a + 6] = task.NotBefore is { } nb2 ? nb2.UtcTicks : Empty;
            args[a + 7] = Math.Max(1, task.MaxAttempts);
            args[a + 8] = task.Timeout is { } to ? to.Ticks : Empty;
            args[a + 9] = task.IdempotencyKey ?? Empty;
            args[a + 10] = task.TraceParent ?? Empty;
        }

        // Safe to repeat: each task's script part finds its hash with this call's nonce and answers as the first run did.
        var reply = await _provider.ExecuteAsync(
            RedisCommandSafety.IdempotentWrite,
            async db =>
            {
                var r = await db.ScriptEvaluateAsync(RedisTaskScripts.Enqueue, redisKeys, args).ConfigureAwait(false);
                await WaitForReplicasAsync(db, keys.Levels).ConfigureAwait(false);
                return r;
            }).ConfigureAwait(false);
        var items = (RedisResult[])reply!;
        var results = new TaskEnqueueResult[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            var item = (RedisResult[])items[i]!;
            results[i] = new TaskEnqueueResult((string)item[1]!, (long)item[0] == 1);
        }

        return results;
    }

    private async Task<bool[]> SendCompletesAsync(RedisTaskKeys keys, List<TaskLease> leases)
    {
        var redisKeys = new RedisKey[leases.Count * 4];
        var args = new RedisValue[2 + (leases.Count * 3)];
        args[0] = _group;
        args[1] = _retentionMs;
        for (var i = 0; i < leases.Count; i++)
        {
            var task = leases[i].Task;
            var hash = keys.Task(task.Id);
            var ik = task.IdempotencyKey;
            redisKeys[i * 4] = hash;
            redisKeys[(i * 4) + 1] = keys.Stream(task.Priority);
            redisKeys[(i * 4) + 2] = keys.Leases(task.Priority);
            redisKeys[(i * 4) + 3] = ik is { Length: > 0 } ? keys.Idempotency(ik) : hash;
            args[2 + (i * 3)] = leases[i].LeaseToken;
            args[3 + (i * 3)] = task.Id;
            args[4 + (i * 3)] = ik is { Length: > 0 } ? 1 : 0;
        }

        // Token-guarded per lease, so the whole batch is safe to repeat after a failover error.
        await _provider.ExecuteAsync(
            RedisCommandSafety.IdempotentWrite,
            db => db.ScriptEvaluateAsync(RedisTaskScripts.CompleteMany, redisKeys, args)).ConfigureAwait(false);
        return new bool[leases.Count];
    }

    private static long LeaseMs(TimeSpan duration) => Math.Max(1, (long)Math.Ceiling(duration.TotalMilliseconds));

    private static string Serialize(TaskAttemptError error) =>
        JsonSerializer.Serialize(StoredTaskError.From(error), RedisTaskJsonContext.Default.StoredTaskError);

    // Fields in the scripts' HMGET order: p, pr, ea, nb, ma, to, ik, tp, a.
    private static TaskEnvelope ReadEnvelope(string queue, string id, RedisResult[] f) => new()
    {
        Id = id,
        Queue = queue,
        Payload = (byte[]?)f[0] ?? [],
        Priority = (int)f[1],
        EnqueuedAt = new DateTimeOffset((long)f[2], TimeSpan.Zero),
        NotBefore = f[3].IsNull ? null : new DateTimeOffset((long)f[3], TimeSpan.Zero),
        MaxAttempts = (int)f[4],
        Timeout = f[5].IsNull ? null : TimeSpan.FromTicks((long)f[5]),
        IdempotencyKey = f[6].IsNull ? null : (string?)f[6],
        TraceParent = f[7].IsNull ? null : (string?)f[7],
    };

    private static TaskAttemptError[] ReadErrors(RedisResult[] errors)
    {
        if (errors.Length == 0) return [];
        var result = new List<TaskAttemptError>(errors.Length);
        foreach (var e in errors)
        {
            var json = (string?)e;
            if (string.IsNullOrEmpty(json)) continue;
            var stored = JsonSerializer.Deserialize(json, RedisTaskJsonContext.Default.StoredTaskError);
            if (stored is not null) result.Add(stored.ToError());
        }

        return [.. result];
    }

    /// <summary>
    /// WAIT on the connection that carried the enqueue (the queue's master), so that the task is on a replica before
    /// the enqueue is acknowledged. Too few acknowledgements throw; enqueuing the same envelope again is safe.
    /// </summary>
    private async Task WaitForReplicasAsync(IDatabase db, RedisKey key)
    {
        if (_options.WaitForReplicas <= 0) return;
        var acknowledged = await RedisReplicaAcknowledgement.WaitAsync(db, key, _options.WaitForReplicas, _options.WaitTimeout).ConfigureAwait(false);
        if (acknowledged < _options.WaitForReplicas)
        {
            throw new RedisTaskReplicationException(
                string.Create(CultureInfo.InvariantCulture, $"{acknowledged} of {_options.WaitForReplicas} replicas acknowledged the enqueue within {_options.WaitTimeout}."))
            {
                Acknowledged = acknowledged,
                Required = _options.WaitForReplicas,
            };
        }
    }

    /// <summary>A queue's keys and its two group commits (enqueues, acknowledgements).</summary>
    private sealed class QueueState
    {
        public QueueState(RedisTaskStore store, string queue)
        {
            Keys = new RedisTaskKeys(store._options.KeyPrefix, queue);
            Enqueues = new TaskGroupCommit<TaskEnvelope, TaskEnqueueResult>(tasks => store.SendEnqueuesAsync(Keys, tasks));
            Completes = new TaskGroupCommit<TaskLease, bool>(leases => store.SendCompletesAsync(Keys, leases));
        }

        public RedisTaskKeys Keys { get; }

        public TaskGroupCommit<TaskEnvelope, TaskEnqueueResult> Enqueues { get; }

        public TaskGroupCommit<TaskLease, bool> Completes { get; }
    }
}
