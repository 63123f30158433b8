using Dify.HA.Data.Redis.Internals;
using Dify.HA.Data.Tasks;
using Dify.HA.Data.Tasks.Redis;
using Dify.HA.Data.Tests.Lab;
using Dify.HA.Data.Tests.Redis;

namespace Dify.HA.Data.Tests.Tasks.Redis;

/// <summary>
/// The scripts on the lab's Redis Cluster: a queue's keys share the hash tag <c>{queue}</c>, so every script (which
/// also touches keys it builds itself) runs on one node without CROSSSLOT errors, for queues landing on different nodes.
/// </summary>
[Collection(RedisLabCollection.Name)]
[Trait("Category", "Tasks")]
public sealed class RedisTaskStoreClusterLabTests
{
    [Fact]
    public async Task Every_operation_works_on_a_cluster_for_queues_on_different_nodes()
    {
        await using var provider = new RedisConnectionProvider(RedisLab.Load().ClusterOptions());
        var prefix = $"t2:cl:{Guid.NewGuid():N}:";
        var store = new RedisTaskStore(provider, new RedisTaskStoreOptions { KeyPrefix = prefix });
        var connection = await provider.GetConnectionAsync();
        var queues = Enumerable.Range(0, 6).Select(i => $"cq{i}-{Guid.NewGuid():N}").ToArray();
        var nodes = queues.Select(q => connection.GetServer(store.Keys(q).Levels).EndPoint.ToString()).Distinct().Count();
        Assert.True(nodes > 1, "the queues all landed on one node; the test would not cover several");

        foreach (var queue in queues)
        {
            TaskEnvelope Task(string id, int priority, string? key = null) => new()
            {
                Id = id, Queue = queue, Payload = "{}"u8.ToArray(), Priority = priority, EnqueuedAt = DateTimeOffset.UtcNow, MaxAttempts = 3, IdempotencyKey = key,
            };

            Assert.True((await store.EnqueueAsync(Task("low", 0, "k"), CancellationToken.None)).Created);
            Assert.Equal("low", (await store.EnqueueAsync(Task("dup", 0, "k"), CancellationToken.None)).TaskId);
            await store.EnqueueAsync(Task("high", 9), CancellationToken.None);

            var leases = await store.LeaseAsync(queue, "c", 10, TimeSpan.FromMinutes(1), CancellationToken.None);
            Assert.Equal(["high", "low"], leases.Select(l => l.Task.Id));
            Assert.True(await store.RenewAsync(leases[0], TimeSpan.FromMinutes(1), CancellationToken.None));
            await store.CompleteAsync(leases[0], CancellationToken.None);
            var error = new TaskAttemptError { Attempt = 1, At = DateTimeOffset.UtcNow, Type = "x", Message = "boom" };
            await store.RetryAsync(leases[1], DateTimeOffset.UtcNow, error, CancellationToken.None);
            var again = Assert.Single(await store.LeaseAsync(queue, "c", 10, TimeSpan.FromMinutes(1), CancellationToken.None));
            Assert.Equal(2, again.Attempt);
            await store.DeadLetterAsync(again, error with { Attempt = 2 }, CancellationToken.None);
            Assert.Equal(2, Assert.Single(await store.ListDeadLettersAsync(queue, 10, CancellationToken.None)).Errors.Count);
            Assert.True(await store.RedriveAsync(queue, "low", CancellationToken.None));
            var stats = await store.GetStatsAsync(queue, CancellationToken.None);
            Assert.Equal(1, stats.Depth);
            Assert.Equal(0, stats.DeadLettered);
        }

        await RedisTaskKeyCleanup.DeleteAsync(provider, prefix);
    }
}
