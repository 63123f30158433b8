using System.Diagnostics;
using System.Globalization;
using System.Net;
using StackExchange.Redis;

namespace Dify.HA.Data.Tests.Lab;

/// <summary>The lab's Redis (Sentinel and Cluster) and its helpers do what the other lab tests rely on.</summary>
[Collection(RedisLabCollection.Name)]
[Trait("Category", "Redis")]
public sealed class RedisLabSmokeTests : IAsyncLifetime
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(15);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await LabControl.RestoreRedisAsync();
        await LabControl.RestoreClusterAsync();
    }

    [Fact]
    public async Task Every_Sentinel_names_the_master_and_a_Sentinel_connection_writes_through_to_the_replica()
    {
        var env = LabControl.Environment;
        var topology = await LabControl.GetRedisStatusAsync();
        Assert.True(topology.IsHealthy, $"expected a master, a linked replica and three agreeing Sentinels: {topology}");
        var master = topology.Master!;

        foreach (var sentinel in topology.Sentinels)
        {
            var options = new ConfigurationOptions { CommandMap = CommandMap.Sentinel, AbortOnConnectFail = true };
            options.EndPoints.Add(IPAddress.Loopback, sentinel.Port);
            await using var mux = await ConnectionMultiplexer.ConnectAsync(options);
            var named = await mux.GetServer(IPAddress.Loopback, sentinel.Port).SentinelGetMasterAddressByNameAsync(env["REDIS_SERVICE_NAME"]);
            Assert.Equal(master.Port, Assert.IsType<IPEndPoint>(named).Port);
        }

        await using var viaSentinels = await ConnectionMultiplexer.ConnectAsync(env["REDIS_SENTINEL_CS"]);
        var key = "lab:smoke:" + Guid.NewGuid().ToString("N");
        Assert.True(await viaSentinels.GetDatabase().StringSetAsync(key, "v", TimeSpan.FromMinutes(1)));

        await using var replica = await ConnectionMultiplexer.ConnectAsync(DirectConfig(topology.Replica!.Port, env["REDIS_PASSWORD"]));
        await PollAsync(async () => await replica.GetDatabase().StringGetAsync(key) == "v", "the write to reach the replica");
    }

    [Fact]
    public async Task Killed_master_is_replaced_within_seconds_and_comes_back_as_a_replica()
    {
        var before = await LabControl.GetRedisStatusAsync();
        Assert.True(before.IsHealthy, $"expected a healthy Sentinel setup: {before}");
        var oldMaster = before.Master!;
        var oldReplica = before.Replica!;

        var kill = await LabControl.KillRedisMasterAsync(waitForFailover: true);
        Assert.Equal(oldMaster.Node, kill.Killed);
        Assert.Equal(oldReplica.Port, kill.NewMasterPort);
        // down-after-milliseconds 1000: typically 1.4-1.6 s to a new master here. When the Sentinels' leader
        // election splits its votes they retry after 2 x failover-timeout (3000), so allow one retry.
        Assert.InRange(kill.PromotedAfter!.Value, TimeSpan.Zero, TimeSpan.FromSeconds(9));
        Assert.InRange(kill.AllSentinelsAfter!.Value, TimeSpan.Zero, TimeSpan.FromSeconds(11));

        var during = await LabControl.GetRedisStatusAsync();
        Assert.Equal(RedisRole.Down, during[oldMaster.Node].Role);
        Assert.Equal(RedisRole.Master, during[oldReplica.Node].Role);

        // The restarted old master is demoted by the Sentinels (they poll it every 10 s).
        await LabControl.RestartRedisNodeAsync(oldMaster.Node);
        var after = await LabControl.GetRedisStatusAsync();
        Assert.Equal(RedisRole.Replica, after[oldMaster.Node].Role);
        Assert.Equal(oldReplica.Port, after[oldMaster.Node].MasterPort);
        Assert.True(after[oldMaster.Node].LinkUp);
    }

    [Fact]
    public async Task Cluster_serves_a_killed_masters_slots_again()
    {
        var env = LabControl.Environment;
        var nodes = await LabControl.GetClusterStatusAsync();
        Assert.Equal(6, nodes.Count);
        Assert.All(nodes, n => Assert.True(n.ClusterStateOk && !n.Failed, $"cluster-{n.Number} is not ok"));
        Assert.Equal(3, nodes.Count(n => n.IsMaster));
        var victim = nodes.First(n => n.IsMaster);

        await using var cluster = await ConnectionMultiplexer.ConnectAsync(env["REDIS_CLUSTER_CS"]);
        var key = KeyInSlots(cluster, victim.Slots!);
        var db = cluster.GetDatabase();
        Assert.True(await db.StringSetAsync(key, "before", TimeSpan.FromMinutes(1)));

        var kill = await LabControl.KillClusterMasterAsync(victim.Number, waitForFailover: true);
        Assert.Equal(victim.Number, kill.Number);
        Assert.InRange(kill.RecoveredAfter!.Value, TimeSpan.Zero, TimeSpan.FromSeconds(10));

        // The slot is served again: a write and a read of a key in it succeed through the client.
        await PollAsync(async () =>
        {
            try
            {
                return await db.StringSetAsync(key, "after", TimeSpan.FromMinutes(1)) && await db.StringGetAsync(key) == "after";
            }
            catch (RedisException)
            {
                return false; // the client still points at the dead master: retry until it follows MOVED
            }
        }, "a write to the killed master's slots to succeed");

        await LabControl.RestartClusterNodeAsync(victim.Number);
        var after = await LabControl.GetClusterStatusAsync();
        var back = after.Single(n => n.Number == victim.Number);
        Assert.False(back.IsMaster);
        Assert.True(back.ClusterStateOk);
        Assert.Equal(3, after.Count(n => n.IsMaster && !n.Failed));
    }

    private static ConfigurationOptions DirectConfig(int port, string password)
    {
        var options = new ConfigurationOptions { Password = password, AbortOnConnectFail = true };
        options.EndPoints.Add(IPAddress.Loopback, port);
        return options;
    }

    private static RedisKey KeyInSlots(ConnectionMultiplexer cluster, string slots)
    {
        var ranges = slots.Split(',').Select(r => r.Split('-')).Select(p =>
            (From: int.Parse(p[0], CultureInfo.InvariantCulture), To: int.Parse(p[^1], CultureInfo.InvariantCulture))).ToList();
        for (var i = 0; ; i++)
        {
            RedisKey key = "lab:cluster:" + i.ToString(CultureInfo.InvariantCulture);
            var slot = cluster.HashSlot(key);
            if (ranges.Any(r => slot >= r.From && slot <= r.To)) return key;
        }
    }

    private static async Task PollAsync(Func<Task<bool>> condition, string what)
    {
        var sw = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(sw.Elapsed < s_deadline, $"timed out after {s_deadline.TotalSeconds} s waiting for {what}");
            await Task.Delay(50);
        }
    }
}
