using Dify.HA.Data.Redis;
using Dify.HA.Data.Redis.Internals;
using Dify.HA.Data.Tasks;
using Dify.HA.Data.Tasks.Redis;
using Dify.HA.Data.Tests.Lab;
using Dify.HA.Data.Tests.Redis;
using StackExchange.Redis;

namespace Dify.HA.Data.Tests.Tasks.Redis;

/// <summary>The Redis backend's key layout across versions, on the lab.</summary>
[Collection(RedisLabCollection.Name)]
[Trait("Category", "Tasks")]
public sealed class RedisTaskStoreLayoutTests
{
    [Fact]
    public async Task A_task_leased_under_the_earlier_leases_layout_is_redelivered_after_its_lease()
    {
        var prefix = $"t4:layout:{Guid.NewGuid():N}:";
        await using var provider = new RedisConnectionProvider(RedisLab.Load().SentinelOptions());
        try
        {
            var store = new RedisTaskStore(provider, new RedisTaskStoreOptions { KeyPrefix = prefix });
            await store.EnqueueAsync(
                new TaskEnvelope { Id = "old-1", Queue = "q", Payload = "{}"u8.ToArray(), EnqueuedAt = DateTimeOffset.UtcNow, MaxAttempts = 3 },
                CancellationToken.None);
            var lease = Assert.Single(await store.LeaseAsync("q", "old-worker", 1, TimeSpan.FromMinutes(5), CancellationToken.None));

            // As an earlier worker left it: the leases set holds the bare task id (here long expired), the token is the
            // bare lease counter.
            var keys = store.Keys("q");
            await provider.ExecuteAsync(RedisCommandSafety.IdempotentWrite, async db =>
            {
                await db.SortedSetRemoveAsync(keys.Leases(0), "old-1|" + lease.LeaseToken);
                await db.SortedSetAddAsync(keys.Leases(0), "old-1", 1);
                await db.HashSetAsync(keys.Task("old-1"), [new HashEntry("lt", "1"), new HashEntry("ln", "1")]);
                return true;
            });

            var again = Assert.Single(await store.LeaseAsync("q", "new-worker", 1, TimeSpan.FromMinutes(1), CancellationToken.None));
            Assert.Equal("old-1", again.Task.Id);
            Assert.Equal(2, again.Attempt);
            Assert.Equal("lease_expired", Assert.Single(again.PreviousErrors).Type);
            await store.CompleteAsync(again, CancellationToken.None);
            Assert.Equal(0, (await store.GetStatsAsync("q", CancellationToken.None)).Depth);
        }
        finally
        {
            await RedisTaskKeyCleanup.DeleteAsync(provider, prefix);
        }
    }
}
