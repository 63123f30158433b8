using System.Diagnostics;
using Dify.HA.Data.Redis;
using Dify.HA.Data.Redis.Internals;
using Dify.HA.Data.Tests.Lab;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace Dify.HA.Data.Tests.Redis;

/// <summary>The provider in Cluster mode on the lab's 3 masters + 3 replicas.</summary>
[Collection(RedisLabCollection.Name)]
[Trait("Category", "Redis")]
public sealed class RedisClusterLabTests
{
    private readonly ITestOutputHelper _output;

    public RedisClusterLabTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task A_killed_masters_slots_fail_over_and_writes_to_every_slot_resume()
    {
        var lab = RedisLab.Load();
        await using var provider = new RedisConnectionProvider(lab.ClusterOptions());
        var switches = 0;
        provider.MasterChanged += (_, _) => Interlocked.Increment(ref switches);
        var keys = Enumerable.Range(0, 64).Select(i => (RedisKey)$"h5:cluster:{i}").ToArray();
        await WriteAllAsync(provider, keys, 0);
        Assert.Equal(3, provider.LastKnownMasters.Count);

        try
        {
            var clock = Stopwatch.StartNew();
            var killed = RedisLab.Words(await RedisLab.RunAsync("cluster-kill-master"));
            var killedAt = clock.Elapsed;

            // One sweep over keys of all slots, issued after the kill; safe writes wait out the slot's failover.
            await WriteAllAsync(provider, keys, 1);
            var resumed = clock.Elapsed;

            _output.WriteLine($"killed {killed.GetValueOrDefault("killed")} (slots {killed.GetValueOrDefault("slots")}); all {keys.Length} keys written again " +
                $"{(resumed - killedAt).TotalMilliseconds:0} ms after the kill; reconfigures {provider.ReconfigureCount}; switches seen {switches}");
            Assert.True(resumed - killedAt < TimeSpan.FromSeconds(15));
            foreach (var key in keys)
            {
                Assert.Equal("1", (await provider.ExecuteAsync(RedisCommandSafety.Read, db => db.StringGetAsync(key))).ToString());
            }
        }
        finally
        {
            await RedisLab.RunAsync("cluster-heal");
        }
    }

    private static Task<bool[]> WriteAllAsync(RedisConnectionProvider provider, RedisKey[] keys, int value) =>
        Task.WhenAll(keys.Select(k => provider.ExecuteAsync(RedisCommandSafety.IdempotentWrite, db => db.StringSetAsync(k, value))));
}
