using System.Collections.Concurrent;
using System.Diagnostics;
using Dify.HA.Data.Idempotency;
using Dify.HA.Data.Idempotency.Internals;
using Dify.HA.Data.Redis;
using Dify.HA.Data.Redis.Internals;
using Dify.HA.Data.Tests.Lab;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace Dify.HA.Data.Tests.Redis;

/// <summary>
/// Completed idempotency marks across a SIGKILL of the master under 4 writers: with <c>WAIT 1</c> every mark
/// acknowledged to the caller must be on the new master. Without it, marks the master acknowledged but had not yet
/// replicated would be lost; on loopback replication is sub-millisecond, so that count is printed, not asserted.
/// </summary>
[Collection(RedisLabCollection.Name)]
[Trait("Category", "Redis")]
public sealed class RedisIdempotencyFailoverLabTests
{
    private readonly ITestOutputHelper _output;

    public RedisIdempotencyFailoverLabTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task Acknowledged_marks_survive_a_master_SIGKILL_with_WAIT_1()
    {
        var without = await KillDuringWritesAsync(waitForReplicas: 0);
        var with = await KillDuringWritesAsync(waitForReplicas: 1);

        _output.WriteLine($"WAIT 0: {without.Acknowledged} marks acknowledged, {without.Lost} lost after the failover");
        _output.WriteLine($"WAIT 1: {with.Acknowledged} marks acknowledged, {with.Lost} lost after the failover");
        Assert.True(without.Acknowledged > 0 && with.Acknowledged > 0, "no mark was acknowledged");
        Assert.Equal(0, with.Lost);
    }

    private async Task<(int Acknowledged, int Lost)> KillDuringWritesAsync(int waitForReplicas)
    {
        var lab = RedisLab.Load();
        await using var provider = new RedisConnectionProvider(lab.SentinelOptions());
        var store = new RedisIdempotencyStore(provider, new RedisIdempotencyStoreOptions
        {
            KeyPrefix = "h5:wait:",
            WaitForReplicas = waitForReplicas,
            WaitTimeout = TimeSpan.FromMilliseconds(500),
        });
        var run = Guid.NewGuid().ToString("N")[..8];
        var acknowledged = new ConcurrentBag<string>();
        var clock = Stopwatch.StartNew();
        long lastAck = 0;
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var key = $"{run}:{w}:{i}";
                try
                {
                    var begin = await store.TryBeginAsync(key, TimeSpan.FromMinutes(5));
                    if (begin.Status == IdempotencyStatus.Started && await store.CompleteAsync(begin.Lease, "done"u8.ToArray(), TimeSpan.FromMinutes(30)))
                    {
                        acknowledged.Add(key);
                        Interlocked.Exchange(ref lastAck, clock.ElapsedMilliseconds);
                    }
                }
                catch (Exception ex) when (ex is RedisException or IdempotencyReplicationException)
                {
                    // Not acknowledged: not counted.
                }
            }
        })).ToArray();

        try
        {
            await RedisSentinelLabTests.WaitUntilAsync(() => acknowledged.Count > 50, TimeSpan.FromSeconds(10));
            await RedisLab.RunAsync("redis-kill-master");
            var killed = clock.ElapsedMilliseconds;

            // Let writers hit the failover and (without WAIT) write to the new master for a moment.
            await provider.ExecuteAsync(RedisCommandSafety.IdempotentWrite, db => db.StringSetAsync($"h5:wait:probe:{run}", 1));
            await RedisSentinelLabTests.WaitUntilAsync(() => clock.ElapsedMilliseconds > killed + 3000 || Interlocked.Read(ref lastAck) > killed + 300, TimeSpan.FromSeconds(10));
            await stop.CancelAsync();
            await Task.WhenAll(writers);

            var lost = 0;
            foreach (var key in acknowledged)
            {
                var state = await provider.ExecuteAsync(RedisCommandSafety.Read, db => db.HashGetAsync($"h5:wait:{key}", "s"));
                if (state != "c") lost++;
            }

            return (acknowledged.Count, lost);
        }
        finally
        {
            await stop.CancelAsync();
            await RedisLab.RunAsync("redis-heal");
        }
    }
}
