namespace Dify.HA.Data.Idempotency;

/// <summary>Options of the Redis idempotency store, bound from <c>Dify:Idempotency:Redis</c> (<see cref="SectionName"/>).</summary>
public sealed class RedisIdempotencyStoreOptions
{
    /// <summary>The configuration section these options bind from by default.</summary>
    public const string SectionName = "Dify:Idempotency:Redis";

    /// <summary>Prefix of the store's keys, 1 to 128 characters. Default <c>dify:idem:</c>.</summary>
    public string KeyPrefix { get; set; } = "dify:idem:";

    /// <summary>
    /// Replicas that must acknowledge a begin or complete mark (<c>WAIT n</c>) before it counts, 0 to 16. With 0 a
    /// mark acknowledged by the master alone can be lost if the master dies before replicating it, and the work may
    /// then run again after the failover. Set 1 on a master + replica deployment. Default 0.
    /// </summary>
    public int WaitForReplicas { get; set; }

    /// <summary>How long to wait for the replicas' acknowledgement, 1 ms to 1 minute. Default 1 s.</summary>
    public TimeSpan WaitTimeout { get; set; } = TimeSpan.FromSeconds(1);

    internal void Validate(string section)
    {
        var failures = new List<string>();
        if (string.IsNullOrEmpty(KeyPrefix) || KeyPrefix.Length > 128)
        {
            failures.Add($"{section}:KeyPrefix must have 1 to 128 characters (e.g. 'dify:idem:').");
        }

        if (WaitForReplicas is < 0 or > 16)
        {
            failures.Add($"{section}:WaitForReplicas is {WaitForReplicas}: use 0 (no WAIT) to 16; 1 on a master + replica deployment.");
        }

        if (WaitTimeout < TimeSpan.FromMilliseconds(1) || WaitTimeout > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{section}:WaitTimeout is {WaitTimeout}: use 00:00:00.001 to 00:01:00.");
        }

        if (failures.Count > 0)
        {
            throw new Microsoft.Extensions.Options.OptionsValidationException(section, typeof(RedisIdempotencyStoreOptions), failures);
        }
    }
}
