namespace Dify.HA.Data.Tasks.Redis;

/// <summary>
/// Options of the Redis Streams task backend, bound from <c>Dify:Tasks:Redis</c> (<see cref="SectionName"/>). The
/// backend uses the registered <see cref="Dify.HA.Data.Redis.IRedisConnectionProvider"/> (Sentinel-aware).
/// </summary>
public sealed class RedisTaskStoreOptions
{
    /// <summary>The configuration section these options bind from by default.</summary>
    public const string SectionName = "Dify:Tasks:Redis";

    /// <summary>
    /// Prefix of every key, 1 to 128 characters without <c>{</c> or <c>}</c>: a queue's keys are
    /// <c>PREFIX{queue}:…</c>, so that a Cluster keeps them in one slot. Default <c>dify:tasks:</c>.
    /// </summary>
    public string KeyPrefix { get; set; } = "dify:tasks:";

    /// <summary>The consumer group of every queue stream, 1 to 64 characters. Default <c>dify-workers</c>.</summary>
    public string ConsumerGroup { get; set; } = "dify-workers";

    /// <summary>
    /// Replicas that must acknowledge an enqueue (<c>WAIT n</c>) before it returns, 0 to 16. With 0 an enqueue the
    /// master acknowledged but had not yet replicated is lost if the master dies at that moment; with 1 (on a master +
    /// replica deployment) an acknowledged enqueue survives a failover, at about twice the enqueue latency. Default 0.
    /// </summary>
    public int WaitForReplicas { get; set; }

    /// <summary>How long an enqueue waits for the replicas' acknowledgement, 1 ms to 1 minute. Default 1 s.</summary>
    public TimeSpan WaitTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long an enqueue-time idempotency key is remembered after its task completed, so a repeat enqueue returns
    /// the first id; 0 (forget at once) to 30 days. While the task is pending or dead-lettered the key does not expire.
    /// Default 24 h.
    /// </summary>
    public TimeSpan IdempotencyKeyRetention { get; set; } = TimeSpan.FromHours(24);

    internal void Validate(string section)
    {
        var failures = new List<string>();
        if (string.IsNullOrEmpty(KeyPrefix) || KeyPrefix.Length > 128 || KeyPrefix.AsSpan().IndexOfAny('{', '}') >= 0)
        {
            failures.Add($"{section}:KeyPrefix must have 1 to 128 characters and no '{{' or '}}' (the queue name is the hash tag); e.g. 'dify:tasks:'.");
        }

        if (string.IsNullOrEmpty(ConsumerGroup) || ConsumerGroup.Length > 64)
        {
            failures.Add($"{section}:ConsumerGroup must have 1 to 64 characters; e.g. 'dify-workers'.");
        }

        if (WaitForReplicas is < 0 or > 16)
        {
            failures.Add($"{section}:WaitForReplicas is {WaitForReplicas}: use 0 (no WAIT) to 16; 1 on a master + replica deployment.");
        }

        if (WaitTimeout < TimeSpan.FromMilliseconds(1) || WaitTimeout > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{section}:WaitTimeout is {WaitTimeout}: use 00:00:00.001 to 00:01:00.");
        }

        if (IdempotencyKeyRetention < TimeSpan.Zero || IdempotencyKeyRetention > TimeSpan.FromDays(30))
        {
            failures.Add($"{section}:IdempotencyKeyRetention is {IdempotencyKeyRetention}: use 00:00:00 to 30.00:00:00, or remove it for the default 24:00:00.");
        }

        if (failures.Count > 0)
        {
            throw new Microsoft.Extensions.Options.OptionsValidationException(section, typeof(RedisTaskStoreOptions), failures);
        }
    }
}
